import type { ComponentChildren } from 'preact';
import { encode } from 'uqr';
import type { BookingView } from '../contract/booking.ts';
import { t, type BookKey } from './i18n/index.ts';

/** A QR code as one SVG path (crisp at any size, no canvas); the payload is kept in data-qr. */
export function Qr({ text, size, label }: { text: string; size: number; label: string }) {
  const { data } = encode(text, { ecc: 'M', border: 2 });
  const n = data.length;
  let d = '';
  data.forEach((row, y) => row.forEach((dark, x) => dark && (d += `M${x} ${y}h1v1h-1z`)));
  return (
    <svg class="qr" width={size} height={size} viewBox={`0 0 ${n} ${n}`} role="img" aria-label={label} data-qr={text} shape-rendering="crispEdges">
      <rect width={n} height={n} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}

export function Field(props: { label: string; value: string; onInput: (v: string) => void; error?: string | undefined; inputMode?: 'numeric' | 'tel' | 'text'; maxLength?: number; autoComplete?: string; type?: string; name: string; children?: ComponentChildren }) {
  const id = `f-${props.name}`;
  return (
    <div class={`field${props.error ? ' invalid' : ''}`}>
      <label for={id}>{props.label}</label>
      <div class="field-row">
        <input
          id={id}
          name={props.name}
          type={props.type ?? 'text'}
          value={props.value}
          inputMode={props.inputMode ?? 'text'}
          maxLength={props.maxLength}
          autoComplete={props.autoComplete ?? 'off'}
          aria-invalid={props.error ? 'true' : 'false'}
          onInput={(e) => props.onInput((e.target as HTMLInputElement).value)}
        />
        {props.children}
      </div>
      {props.error ? <p class="field-error" role="alert">{props.error}</p> : null}
    </div>
  );
}

export function Refusal({ text }: { text: string | undefined }) {
  return text ? (
    <p class="refusal" role="alert">
      {text}
    </p>
  ) : null;
}

export function weekdayLabel(weekday: number): string {
  return t(`weekday.${weekday}` as BookKey);
}

export function stateText(b: Pick<BookingView, 'state' | 'ticketNumber'>): string {
  return t(`state.${b.state}` as BookKey, { number: b.ticketNumber ?? '' });
}

/** One booking's facts, masked as the server gave them. */
export function BookingCard({ b }: { b: BookingView }) {
  const rows: [BookKey, string | null][] = [
    ['row.item', `${b.itemName}（${b.queueName}）`],
    ['row.time', `${b.date} ${b.slotStart}–${b.slotEnd}`],
    ['row.name', b.nameMasked],
    ['row.id', b.idMasked],
    ['row.phone', b.phoneMasked],
    ['row.state', stateText(b)],
    ['row.station', b.stationName],
  ];
  return (
    <dl class="booking-card">
      {rows
        .filter(([, v]) => v)
        .map(([k, v]) => (
          <div key={k}>
            <dt>{t(k)}</dt>
            <dd data-row={k}>
              {v}
              {k === 'row.station' ? <span class="tag">{t('proxy.tag')}</span> : null}
            </dd>
          </div>
        ))}
    </dl>
  );
}
