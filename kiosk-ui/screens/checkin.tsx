import { Keypad } from '../components/keypad.tsx';
import { ScreenHead } from '../components/screen-head.tsx';
import { t } from '../i18n/index.ts';
import type { Kiosk } from '../store.ts';

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => ({ value: d }));

/** Appointment check-in: a card read (handled by the store) or the 6-digit code on a keypad. */
export function CheckIn({ k }: { k: Kiosk }) {
  const code = k.code.value;
  return (
    <div class="screen checkin">
      <ScreenHead k={k} title={t('checkin.title')} back={() => k.home()} />
      <p class="lead lead-strong">{t('checkin.byCard')}</p>
      <p class="lead lead-strong">{t('checkin.byCode')}</p>
      <div class="code-boxes" data-field="code" aria-label={t('checkin.byCode')}>
        {Array.from({ length: 6 }, (_, i) => (
          <span key={i} class={`code-box${i < code.length ? ' code-box-filled' : ''}`}>
            {code[i] ?? ''}
          </span>
        ))}
      </div>
      <Keypad
        class="digits"
        keys={[...DIGITS, { value: 'clear', label: t('checkin.clear') }, { value: '0' }, { value: 'del', label: t('checkin.delete') }]}
        onKey={(v) => {
          if (v === 'clear') k.code.value = '';
          else if (v === 'del') k.code.value = code.slice(0, -1);
          else k.typeDigit(v);
          k.touched();
        }}
      />
      <button type="button" class="btn btn-primary btn-wide btn-big" data-action="checkin-submit" disabled={code.length !== 6 || k.busy.value} onClick={() => void k.checkIn()}>
        {k.busy.value ? t('common.busy') : t('checkin.submit')}
      </button>
    </div>
  );
}
