import type { BookModel } from '../model.ts';
import { BookingCard, Field, Qr, Refusal, weekdayLabel } from '../components.tsx';
import { locale, t } from '../i18n/index.ts';

const en = () => locale.value === 'en';

function Back({ m }: { m: BookModel }) {
  return (
    <button type="button" class="back" onClick={() => m.back()}>
      ‹ {t('back')}
    </button>
  );
}

function Departments({ m }: { m: BookModel }) {
  const hall = m.hall.value;
  if (!hall) return <p class="muted">{t('loading')}</p>;
  const withItems = hall.departments.filter((d) => hall.items.some((i) => i.department === d.code));
  return (
    <section>
      <h2>{t('step.department')}</h2>
      <div class="choices">
        {withItems.map((d) => (
          <button type="button" class="choice" key={d.code} data-department={d.code} onClick={() => m.chooseDepartment(d.code)}>
            {(en() && d.nameEn) || d.name}
          </button>
        ))}
      </div>
    </section>
  );
}

function Items({ m }: { m: BookModel }) {
  const hall = m.hall.value!;
  const items = hall.items.filter((i) => i.department === m.department.value);
  return (
    <section>
      <Back m={m} />
      <h2>{t('step.item')}</h2>
      {items.length === 0 ? <p class="muted">{t('items.none')}</p> : null}
      {items.map((i) => (
        <article class="item" key={i.code} data-item={i.code}>
          <h3>{(en() && i.nameEn) || i.name}</h3>
          <p class="muted">{i.promisedDays > 0 ? t('promised', { days: i.promisedDays }) : t('promised.onsite')}</p>
          <h4>{t('materials.title')}</h4>
          {i.materials.length ? (
            <ol class="materials">
              {i.materials.map((mat, n) => (
                <li key={n}>
                  {(en() && mat.nameEn) || mat.name}
                  {mat.copies ? t('materials.copies', { copies: (en() && mat.copiesEn) || mat.copies }) : ''}
                  {mat.note ? <small> {(en() && mat.noteEn) || mat.note}</small> : null}
                </li>
              ))}
            </ol>
          ) : (
            <p class="muted">{t('materials.none')}</p>
          )}
          <button type="button" class="primary" onClick={() => void m.chooseItem(i.code)}>
            {t('choose.item')}
          </button>
        </article>
      ))}
    </section>
  );
}

function Dates({ m }: { m: BookModel }) {
  const days = m.days.value;
  const today = m.hall.value?.today;
  return (
    <section>
      <Back m={m} />
      <h2>{t('step.date')}</h2>
      <Refusal text={m.error.value} />
      {!days ? <p class="muted">{t('loading')}</p> : null}
      {days && days.days.length === 0 ? <p class="muted">{t('days.none', { days: 7, phone: m.hall.value?.hall.phone ?? m.hall.value?.hall.hotline ?? '' })}</p> : null}
      <div class="days">
        {days?.days.map((d) => (
          <button type="button" class="day" key={d.date} data-date={d.date} disabled={d.remaining === 0} onClick={() => void m.chooseDate(d.date)}>
            <strong>{d.date === today ? t('day.today') : weekdayLabel(d.weekday)}</strong>
            <span>{d.date.slice(5).replace('-', '/')}</span>
            {d.makeupDay ? <em>{t('day.makeup')}</em> : null}
            <small>{d.remaining ? t('day.remaining', { n: d.remaining }) : t('day.full')}</small>
          </button>
        ))}
      </div>
    </section>
  );
}

function Slots({ m }: { m: BookModel }) {
  const slots = m.slots.value;
  return (
    <section>
      <Back m={m} />
      <h2>{t('step.slot')}</h2>
      <p class="muted">{m.date.value}</p>
      <Refusal text={m.error.value} />
      {!slots ? <p class="muted">{t('loading')}</p> : null}
      {slots && slots.length === 0 ? <p class="muted">{t('slots.none')}</p> : null}
      <div class="slots">
        {slots?.map((s) => (
          <button type="button" class="slot" key={s.start} data-slot={s.start} disabled={s.remaining === 0} onClick={() => m.chooseSlot(s)}>
            <strong>
              {s.start}–{s.end}
            </strong>
            <small>{s.remaining ? t('slot.remaining', { n: s.remaining, cap: s.capacity }) : t('slot.full')}</small>
          </button>
        ))}
      </div>
    </section>
  );
}

function Identify({ m }: { m: BookModel }) {
  const f = m.form.value;
  const p = m.touched.value ? m.problems.value : {};
  const item = m.itemView.value;
  const sent = m.codeSent.value;
  return (
    <section>
      <Back m={m} />
      <h2>{t('step.identify')}</h2>
      <p class="summary">
        {(en() && item?.nameEn) || item?.name} · {m.date.value} {m.slot.value?.start}–{m.slot.value?.end}
      </p>
      <form
        novalidate
        onSubmit={(e) => {
          e.preventDefault();
          void m.submit();
        }}
      >
        <Field name="name" label={t('field.name')} value={f.name} onInput={(v) => m.set('name', v)} error={p.name} autoComplete="name" maxLength={40} />
        <Field name="idNumber" label={t('field.id')} value={f.idNumber} onInput={(v) => m.set('idNumber', v)} error={p.idNumber} maxLength={18} />
        <Field name="phone" label={t('field.phone')} value={f.phone} onInput={(v) => m.set('phone', v)} error={p.phone} inputMode="tel" type="tel" maxLength={11} autoComplete="tel" />
        <Field name="code" label={t('field.code')} value={f.code} onInput={(v) => m.set('code', v)} error={p.code} inputMode="numeric" maxLength={6} autoComplete="one-time-code">
          <button type="button" class="secondary send-code" disabled={m.busy.value || m.resendIn.value > 0} onClick={() => void m.sendCode()}>
            {m.resendIn.value > 0 ? t('code.resend', { s: m.resendIn.value }) : t('code.send')}
          </button>
        </Field>
        {sent ? <p class="note" data-code-sent>{t('code.sent', { phone: `${sent.phone.slice(0, 3)}****${sent.phone.slice(7)}`, m: Math.round(sent.expiresInSeconds / 60) })}</p> : null}
        {sent?.demo ? <p class="note demo">{t('code.demo')}</p> : null}
        <p class="privacy">{t('privacy')}</p>
        <Refusal text={m.error.value} />
        <button type="submit" class="primary" disabled={m.busy.value}>
          {m.busy.value ? t('submitting') : t('submit')}
        </button>
      </form>
    </section>
  );
}

function Done({ m }: { m: BookModel }) {
  const b = m.booked.value;
  if (!b) return null;
  return (
    <section class="done">
      <h2>✓ {t('done.title')}</h2>
      <p class="code-label">{t('done.code')}</p>
      <p class="booking-code" data-booking-code={b.code}>
        {b.code}
      </p>
      <Qr text={b.code} size={180} label={t('done.qr')} />
      <p class="note">{t('done.hint')}</p>
      <BookingCard b={b} />
      <div class="actions">
        <button type="button" class="secondary" onClick={() => m.again()}>
          {t('done.again')}
        </button>
        <button type="button" class="secondary" onClick={() => (m.tab.value = 'lookup')}>
          {t('done.lookup')}
        </button>
      </div>
    </section>
  );
}

export function BookFlow({ m }: { m: BookModel }) {
  switch (m.step.value) {
    case 'department':
      return <Departments m={m} />;
    case 'item':
      return <Items m={m} />;
    case 'date':
      return <Dates m={m} />;
    case 'slot':
      return <Slots m={m} />;
    case 'identify':
      return <Identify m={m} />;
    case 'done':
      return <Done m={m} />;
  }
}
