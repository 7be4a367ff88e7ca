import { signal } from '@preact/signals';
import { BookingView } from '../../contract/booking.ts';
import { api } from '../../ui-kit/api.ts';
import { BookingCard, Field, Refusal } from '../components.tsx';
import { t } from '../i18n/index.ts';
import { runBusy } from '../model.ts';

/** Look-up and cancellation by code + phone: the only way in to a booking without an account. */
export class LookupModel {
  readonly code = signal('');
  readonly phone = signal('');
  readonly found = signal<BookingView | undefined>(undefined);
  readonly confirming = signal(false);
  readonly error = signal<string | undefined>(undefined);
  readonly busy = signal(false);

  private run(fn: () => Promise<void>): Promise<void> {
    return runBusy(this, fn);
  }

  find = () =>
    this.run(async () => {
      this.found.value = await api('/api/booking/lookup', BookingView, { method: 'POST', body: { code: this.code.value.trim(), phone: this.phone.value.trim() } });
    });

  cancel = () =>
    this.run(async () => {
      this.found.value = await api('/api/booking/cancel', BookingView, { method: 'POST', body: { code: this.code.value.trim(), phone: this.phone.value.trim() } });
      this.confirming.value = false;
    });
}

export function Lookup({ l }: { l: LookupModel }) {
  const b = l.found.value;
  return (
    <section>
      <h2>{t('lookup.title')}</h2>
      <p class="muted">{t('lookup.hint')}</p>
      <form
        novalidate
        onSubmit={(e) => {
          e.preventDefault();
          void l.find();
        }}
      >
        <Field name="lookupCode" label={t('lookup.code')} value={l.code.value} onInput={(v) => (l.code.value = v)} inputMode="numeric" maxLength={6} />
        <Field name="lookupPhone" label={t('field.phone')} value={l.phone.value} onInput={(v) => (l.phone.value = v)} inputMode="tel" type="tel" maxLength={11} />
        <Refusal text={l.error.value} />
        <button type="submit" class="primary" disabled={l.busy.value}>
          {t('lookup.submit')}
        </button>
      </form>
      {b ? <BookingCard b={b} /> : null}
      {b && b.state === 'booked' && !l.confirming.value ? (
        <button type="button" class="danger" onClick={() => (l.confirming.value = true)}>
          {t('lookup.cancel')}
        </button>
      ) : null}
      {b && l.confirming.value ? (
        <div class="confirm" role="alertdialog" aria-label={t('lookup.cancel')}>
          <p>{t('lookup.confirm', { date: b.date, start: b.slotStart })}</p>
          <button type="button" class="danger" disabled={l.busy.value} onClick={() => void l.cancel()}>
            {t('lookup.confirm.yes')}
          </button>
          <button type="button" class="secondary" onClick={() => (l.confirming.value = false)}>
            {t('lookup.confirm.no')}
          </button>
        </div>
      ) : null}
    </section>
  );
}
