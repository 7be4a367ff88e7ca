import { useState } from 'preact/hooks';
import { t } from '../i18n/index.ts';

export interface ContactStepProps {
  /** Sends the number; resolves with null when stored, else the server's message. */
  send: (phone: string) => Promise<string | null>;
  /** Leaves without a number. */
  skip: () => void;
  /** Each key press counts as activity (the idle timeout restarts). */
  onTouch: () => void;
}

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'clear', '0', 'back'] as const;

/** Mainland mobile (11 digits from 1) or a fixed line with its area code (from 0, 10–12 digits). */
export const isCallbackPhone = (digits: string) => /^(1\d{10}|0\d{9,11})$/.test(digits);

/** 138 0013 8000: the digits in the groups people read them in. */
const grouped = (digits: string) => (digits.startsWith('1') ? digits.replace(/^(\d{3})(\d{0,4})(\d{0,4}).*$/, '$1 $2 $3').trim() : digits);

/**
 * After a 差评 the tablet asks, optionally, for a number to call back: an on-screen keypad (the tablet
 * has no keyboard), a submit once the number is whole, and 不留电话 to leave without one. The number
 * goes to the server only (sealed there); the screen forgets it when the step ends.
 */
export function ContactStep(props: ContactStepProps) {
  const [digits, setDigits] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const press = (k: (typeof KEYS)[number]) => {
    props.onTouch();
    setError(null);
    if (k === 'clear') setDigits('');
    else if (k === 'back') setDigits((d) => d.slice(0, -1));
    else setDigits((d) => (d.length < 12 ? d + k : d));
  };
  const submit = async () => {
    setSending(true);
    const message = await props.send(digits);
    setSending(false);
    if (message) setError(message);
  };
  return (
    <section class="eval-contact" data-testid="eval-contact">
      <h1 class="eval-prompt">{t('eval.contactTitle')}</h1>
      <p class="eval-sub">{t('eval.contactHint')}</p>
      <div class={`eval-phone${digits ? '' : ' empty'}`} data-testid="eval-phone" aria-live="polite">
        {digits ? grouped(digits) : t('eval.contactPlaceholder')}
      </div>
      <div class="eval-keypad">
        {KEYS.map((k) => (
          <button type="button" key={k} class={`eval-key key-${k}`} data-key={k} onClick={() => press(k)} disabled={sending}>
            {k === 'clear' ? t('eval.keyClear') : k === 'back' ? t('eval.keyBack') : k}
          </button>
        ))}
      </div>
      {error && (
        <div class="eval-error" role="alert">
          {t('eval.failed', { message: error })}
        </div>
      )}
      <div class="eval-contact-actions">
        <button type="button" class="eval-skip" data-testid="eval-contact-skip" onClick={props.skip} disabled={sending}>
          {t('eval.contactSkip')}
        </button>
        <button type="button" class="eval-submit" data-testid="eval-contact-submit" disabled={sending || !isCallbackPhone(digits)} onClick={() => void submit()}>
          {t('eval.contactSubmit')}
        </button>
      </div>
    </section>
  );
}
