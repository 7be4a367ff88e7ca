import { signal } from '@preact/signals';
import { BookingView, StationActivity, StationMe, StationTicketView } from '../../contract/booking.ts';
import { Ok } from '../../contract/responses.ts';
import { api, ApiFailure } from '../../ui-kit/api.ts';
import { BookingCard, Field, Refusal, stateText } from '../components.tsx';
import { locale, t, type BookKey } from '../i18n/index.ts';
import { failureText, runBusy, formProblems, type BookModel } from '../model.ts';

/**
 * The station section of /book (seed 六, 代办): a village or township station signs in, books for a
 * citizen (the same choice of item, date and slot, no SMS code), takes today's number for a citizen,
 * and follows the state of what it took.
 */
export class StationModel {
  readonly me = signal<StationMe | undefined>(undefined);
  readonly activity = signal<StationActivity | undefined>(undefined);
  readonly code = signal('');
  readonly password = signal('');
  readonly citizen = signal({ name: '', idNumber: '', phone: '' });
  readonly takeItem = signal('');
  readonly took = signal<StationTicketView | undefined>(undefined);
  readonly booked = signal<BookingView | undefined>(undefined);
  readonly error = signal<string | undefined>(undefined);
  readonly busy = signal(false);
  readonly touched = signal(false);

  /** A marker (no secret) that this phone signed a station in: citizens' page loads never ask who they are. */
  private static readonly MARK = 'hallq.book.station';

  async load(): Promise<void> {
    if (localStorage.getItem(StationModel.MARK) !== '1') return;
    try {
      this.me.value = await api('/api/station/me', StationMe);
      await this.refresh();
    } catch (e) {
      if (!(e instanceof ApiFailure) || e.status !== 401) this.error.value = failureText(e);
      else localStorage.removeItem(StationModel.MARK);
    }
  }

  async refresh(): Promise<void> {
    this.activity.value = await api('/api/station/activity', StationActivity);
  }

  private run(fn: () => Promise<void>): Promise<void> {
    return runBusy(this, fn);
  }

  login = () =>
    this.run(async () => {
      this.me.value = await api('/api/station/login', StationMe, { method: 'POST', body: { code: this.code.value.trim(), password: this.password.value } });
      this.password.value = '';
      localStorage.setItem(StationModel.MARK, '1');
      await this.refresh();
    });

  logout = () =>
    this.run(async () => {
      await api('/api/station/logout', Ok, { method: 'POST' });
      localStorage.removeItem(StationModel.MARK);
      this.me.value = undefined;
      this.activity.value = undefined;
    });

  private citizenBody() {
    const c = this.citizen.value;
    return { name: c.name.trim(), idNumber: c.idNumber.trim().toUpperCase(), ...(c.phone.trim() ? { phone: c.phone.trim() } : {}) };
  }

  problems() {
    const c = this.citizen.value;
    return formProblems({ name: c.name, idNumber: c.idNumber, phone: c.phone });
  }

  book = (m: BookModel) => {
    this.touched.value = true;
    if (Object.keys(this.problems()).length || !m.slot.value) return Promise.resolve();
    return this.run(async () => {
      this.booked.value = await api('/api/station/bookings', BookingView, { method: 'POST', body: { item: m.item.value, date: m.date.value, slotStart: m.slot.value!.start, ...this.citizenBody() } });
      this.citizen.value = { name: '', idNumber: '', phone: '' };
      this.touched.value = false;
      await this.refresh();
    });
  };

  take = () => {
    this.touched.value = true;
    if (!this.takeItem.value || Object.keys(this.problems()).length) return Promise.resolve();
    return this.run(async () => {
      const { phone: _phone, ...who } = this.citizenBody();
      this.took.value = await api('/api/station/tickets', StationTicketView, { method: 'POST', body: { item: this.takeItem.value, ...who } });
      // A station's PC serves one citizen after another: nobody's details stay on screen.
      this.citizen.value = { name: '', idNumber: '', phone: '' };
      this.touched.value = false;
      await this.refresh();
    });
  };
}

function ticketState(x: StationTicketView): string {
  const key = `ticket.${x.state}` as BookKey;
  return ['waiting', 'called', 'serving', 'finished'].includes(x.state) ? t(key, { window: x.window ?? '' }) : x.state;
}

function Login({ s }: { s: StationModel }) {
  return (
    <section>
      <h2>{t('station.login.title')}</h2>
      <p class="muted">{t('station.login.hint')}</p>
      <form
        novalidate
        onSubmit={(e) => {
          e.preventDefault();
          void s.login();
        }}
      >
        <Field name="stationCode" label={t('station.code')} value={s.code.value} onInput={(v) => (s.code.value = v)} autoComplete="username" />
        <Field name="stationPassword" type="password" label={t('station.password')} value={s.password.value} onInput={(v) => (s.password.value = v)} autoComplete="current-password" />
        <Refusal text={s.error.value} />
        <button type="submit" class="primary" disabled={s.busy.value}>
          {t('station.login')}
        </button>
      </form>
    </section>
  );
}

/** Name, ID number and (for bookings) phone of the citizen the station acts for. */
function Citizen({ s, phone, form }: { s: StationModel; phone: boolean; form: 'take' | 'book' }) {
  const c = s.citizen.value;
  const p = s.touched.value ? s.problems() : {};
  const set = (k: 'name' | 'idNumber' | 'phone', v: string) => (s.citizen.value = { ...s.citizen.value, [k]: v });
  return (
    <>
      <Field name={`${form}Name`} label={t('field.name')} value={c.name} onInput={(v) => set('name', v)} error={p.name} maxLength={40} />
      <Field name={`${form}Id`} label={t('field.id')} value={c.idNumber} onInput={(v) => set('idNumber', v)} error={p.idNumber} maxLength={18} />
      {phone ? <Field name={`${form}Phone`} type="tel" inputMode="tel" label={t('station.phone.optional')} value={c.phone} onInput={(v) => set('phone', v)} error={p.phone} maxLength={11} /> : null}
    </>
  );
}

export function Station({ s, m }: { s: StationModel; m: BookModel }) {
  const me = s.me.value;
  if (!me) return <Login s={s} />;
  const a = s.activity.value;
  const hall = m.hall.value;
  const en = locale.value === 'en';
  return (
    <section>
      <div class="panel station-head">
        <strong>{t('station.signed', { name: me.name })}</strong>{' '}
        <button type="button" class="back" onClick={() => void s.logout()}>
          {t('station.logout')}
        </button>
      </div>
      <Refusal text={s.error.value} />

      <div class="panel">
        <h3>{t('station.take')}</h3>
        <select aria-label={t('step.item')} value={s.takeItem.value} onChange={(e) => (s.takeItem.value = (e.target as HTMLSelectElement).value)}>
          <option value="">{t('step.item')}</option>
          {hall?.items.map((i) => (
            <option key={i.code} value={i.code}>
              {(en && i.nameEn) || i.name}
            </option>
          ))}
        </select>
        <Citizen s={s} phone={false} form="take" />
        <button type="button" class="primary" disabled={s.busy.value} onClick={() => void s.take()} data-action="take">
          {t('station.take.submit')}
        </button>
        {s.took.value ? <p class="note" data-took>{t('station.took', { number: s.took.value.number, queue: s.took.value.queueName, ahead: s.took.value.peopleAhead })}</p> : null}
      </div>

      <div class="panel">
        <h3>{t('station.book')}</h3>
        {m.slot.value ? (
          <>
            <p class="summary">
              {m.itemView.value?.name} · {m.date.value} {m.slot.value.start}–{m.slot.value.end}
            </p>
            <Citizen s={s} phone form="book" />
            <button type="button" class="primary" disabled={s.busy.value} onClick={() => void s.book(m)} data-action="book-for">
              {t('submit')}
            </button>
          </>
        ) : (
          <button type="button" class="secondary" onClick={() => (m.tab.value = 'book')}>
            {t('tab.book')}：{t('step.department')}
          </button>
        )}
        {s.booked.value ? <BookingCard b={s.booked.value} /> : null}
      </div>

      <div class="panel">
        <h3>
          {t('station.activity')}{' '}
          <button type="button" class="back" onClick={() => void s.refresh()}>
            {t('station.refresh')}
          </button>
        </h3>
        <h4>{t('station.tickets')}</h4>
        {a?.tickets.length ? (
          <ul class="station-list">
            {a.tickets.map((x) => (
              <li key={x.id} data-ticket={x.number}>
                <strong>{x.number}</strong>
                {x.itemName ?? x.queueName} · {x.nameMasked ?? ''} · <span data-state>{ticketState(x)}</span>
                <span class="tag">{t('proxy.tag')}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">{t('station.none')}</p>
        )}
        <h4>{t('station.bookings')}</h4>
        {a?.bookings.length ? (
          <ul class="station-list">
            {a.bookings.map((b) => (
              <li key={`${b.date}-${b.code}`} data-booking={b.code}>
                <strong>{b.code}</strong>
                {b.itemName} · {b.date} {b.slotStart} · {b.nameMasked} · {stateText(b)}
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">{t('station.none')}</p>
        )}
      </div>
    </section>
  );
}
