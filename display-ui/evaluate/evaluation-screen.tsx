import { useEffect, useState } from 'preact/hooks';
import type { EvaluationLevel } from '../../contract/domain.ts';
import type { WindowStateView } from '../../contract/snapshot.ts';
import { t, type DisplayKey } from '../i18n/index.ts';
import { ContactStep } from './contact-step.tsx';
import { Face, Tick } from './face.tsx';
import { BAD_REASONS, DIMENSIONS, isBad, LEVELS } from './levels.ts';

export interface EvaluationRequest {
  ticketId: string;
  number: string;
}

export interface EvaluationSubmission {
  ticketId: string;
  level: EvaluationLevel;
  dimensions?: Record<string, EvaluationLevel>;
  reason?: string;
  /** The same reasons one by one (the evaluation record's `reasons`). */
  reasons?: string[];
}

/** What a submission came to: stored, stored earlier (e.g. from the keypad), or refused with a message. */
export type SubmitResult = { ok: true } | { ok: false; already: boolean; message: string };

export interface EvaluationScreenProps {
  window: WindowStateView | undefined;
  windowNumber: number;
  request: EvaluationRequest | null;
  /** The request ended elsewhere (evaluated at the keypad, staff signed out): back to idle. */
  onClose: () => void;
  submit: (s: EvaluationSubmission) => Promise<SubmitResult>;
  /** A 差评's optional call-back number; resolves with null when stored, else the message to show. */
  submitContact: (ticketId: string, phone: string) => Promise<string | null>;
  /** Ask for the optional per-aspect ratings. */
  dimensions: boolean;
  requestTimeoutMs?: number;
  thanksMs?: number;
}

type Step =
  | { kind: 'choose' }
  | { kind: 'details'; level: EvaluationLevel }
  | { kind: 'sending'; level: EvaluationLevel }
  | { kind: 'contact'; level: EvaluationLevel }
  | { kind: 'done'; message: DisplayKey }
  | { kind: 'failed'; level: EvaluationLevel; message: string };

/**
 * The tablet facing the citizen. Idle it shows who serves at this window; when the window asks for an
 * evaluation it shows the ticket and the five levels; a 差评 (or, when enabled, any level) leads to an
 * optional second step; a 差评 then asks (optionally) for a call-back number; then thanks, and back to
 * idle after a timeout either way.
 */
export function EvaluationScreen(props: EvaluationScreenProps) {
  const { request, window: w, windowNumber } = props;
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const [dims, setDims] = useState<Record<string, EvaluationLevel>>({});
  const [reasons, setReasons] = useState<string[]>([]);
  const [touched, setTouched] = useState(0);

  // A new request starts afresh.
  useEffect(() => {
    setStep({ kind: 'choose' });
    setDims({});
    setReasons([]);
  }, [request?.ticketId]);

  // Nobody answers: give the screen back to the idle card. After thanks: the same, sooner.
  useEffect(() => {
    if (!request) return;
    const ms = step.kind === 'done' ? (props.thanksMs ?? 5000) : step.kind === 'sending' ? null : (props.requestTimeoutMs ?? 60_000);
    if (ms === null) return;
    const id = setTimeout(props.onClose, ms);
    return () => clearTimeout(id);
  }, [request?.ticketId, step.kind, touched]);

  if (!request) return <IdleCard window={w} windowNumber={windowNumber} />;

  const send = async (level: EvaluationLevel) => {
    setStep({ kind: 'sending', level });
    const chosenDims = Object.keys(dims).length ? dims : undefined;
    const labels = isBad(level) ? reasons.map((r) => t(`reason.${r}` as DisplayKey)) : [];
    const reason = labels.length ? labels.join('；') : undefined;
    const result = await props.submit({ ticketId: request.ticketId, level, ...(chosenDims ? { dimensions: chosenDims } : {}), ...(reason ? { reason, reasons: labels } : {}) });
    // A 差评 asks (optionally) how to call the citizen back before the thanks.
    if (result.ok) setStep(isBad(level) ? { kind: 'contact', level } : { kind: 'done', message: 'eval.thanks' });
    else if (result.already) setStep({ kind: 'done', message: 'eval.already' });
    else setStep({ kind: 'failed', level, message: result.message });
  };

  const choose = (level: EvaluationLevel) => {
    setTouched((n) => n + 1);
    if (isBad(level) || props.dimensions) setStep({ kind: 'details', level });
    else void send(level);
  };

  return (
    <div class="evaluate request" data-testid="evaluate-request" data-step={step.kind}>
      <header class="eval-header">
        <div class="eval-ticket" data-testid="eval-ticket">
          {t('eval.ticket', { number: request.number })}
        </div>
        <div class="eval-window">
          {t('hall.windowN', { n: windowNumber })}
          {w?.staff ? ` · ${w.staff.name}（${w.staff.badge}）` : ''}
        </div>
      </header>

      {step.kind === 'choose' && (
        <section class="eval-choose">
          <h1 class="eval-prompt">{t('eval.prompt')}</h1>
          <div class="eval-levels">
            {LEVELS.map((level) => (
              <button type="button" class={`eval-level level-${level}`} data-level={level} key={level} onClick={() => choose(level)}>
                <Face level={level} />
                <span class="eval-level-name">{t(`level.${level}`)}</span>
              </button>
            ))}
          </div>
        </section>
      )}

      {(step.kind === 'details' || step.kind === 'sending' || step.kind === 'failed') && (
        <section class="eval-details">
          <div class={`eval-chosen level-${step.level}`}>
            <Face level={step.level} /> {t(`level.${step.level}`)}
          </div>
          {props.dimensions && (
            <div class="eval-dims">
              <h2 class="eval-sub">{t('eval.dimensions')}</h2>
              {DIMENSIONS.map((d) => (
                <div class="eval-dim" key={d} data-dimension={d}>
                  <span class="eval-dim-name">{t(`dim.${d}`)}</span>
                  {LEVELS.map((level) => (
                    <button
                      type="button"
                      key={level}
                      data-level={level}
                      class={`eval-chip${dims[d] === level ? ' on' : ''}`}
                      onClick={() => {
                        setTouched((n) => n + 1);
                        setDims((cur) => (cur[d] === level ? Object.fromEntries(Object.entries(cur).filter(([k]) => k !== d)) : { ...cur, [d]: level }));
                      }}
                    >
                      {t(`level.${level}`)}
                    </button>
                  ))}
                </div>
              ))}
            </div>
          )}
          {isBad(step.level) && (
            <div class="eval-reasons">
              <h2 class="eval-sub">{t('eval.reasonTitle')}</h2>
              <div class="eval-reason-list">
                {BAD_REASONS.map((r) => (
                  <button
                    type="button"
                    key={r}
                    data-reason={r}
                    class={`eval-chip${reasons.includes(r) ? ' on' : ''}`}
                    onClick={() => {
                      setTouched((n) => n + 1);
                      setReasons((cur) => (cur.includes(r) ? cur.filter((x) => x !== r) : [...cur, r]));
                    }}
                  >
                    {t(`reason.${r}` as DisplayKey)}
                  </button>
                ))}
              </div>
            </div>
          )}
          {step.kind === 'failed' && (
            <div class="eval-error" role="alert">
              {t('eval.failed', { message: step.message })}
            </div>
          )}
          <button type="button" class="eval-submit" data-testid="eval-submit" disabled={step.kind === 'sending'} onClick={() => void send(step.level)}>
            {step.kind === 'failed' ? t('eval.retry') : t('eval.submit')}
          </button>
        </section>
      )}

      {step.kind === 'contact' && (
        <ContactStep
          onTouch={() => setTouched((n) => n + 1)}
          skip={() => setStep({ kind: 'done', message: 'eval.thanksBadNoContact' })}
          send={async (phone) => {
            const message = await props.submitContact(request.ticketId, phone);
            if (message === null) setStep({ kind: 'done', message: 'eval.thanksBad' });
            return message;
          }}
        />
      )}

      {step.kind === 'done' && (
        <section class="eval-done" data-testid="eval-thanks">
          <Tick />
          <div class="eval-done-text">{t(step.message)}</div>
        </section>
      )}
    </div>
  );
}

function IdleCard({ window: w, windowNumber }: { window: WindowStateView | undefined; windowNumber: number }) {
  return (
    <div class="evaluate idle" data-testid="evaluate-idle">
      <div class="idle-window">
        <div class="idle-window-n">{t('hall.windowN', { n: windowNumber })}</div>
        {w && <div class="idle-window-name">{w.name}</div>}
      </div>
      {w?.staff ? (
        <div class="idle-staff">
          <div class="idle-avatar" aria-hidden="true">
            {w.staff.name.slice(0, 1)}
          </div>
          <div>
            <div class="idle-staff-name">{w.staff.name}</div>
            {w.staff.title && <div class="idle-staff-title">{w.staff.title}</div>}
            <div class="idle-staff-badge">{t('window.badge', { badge: w.staff.badge })}</div>
          </div>
        </div>
      ) : (
        <div class="idle-nostaff">{t('window.noStaff')}</div>
      )}
      {w && w.honours.length > 0 && (
        <ul class="honours idle-honours">
          {w.honours.map((h) => (
            <li class="honour" key={h}>
              <span class="honour-star" aria-hidden="true">★</span>
              {h}
            </li>
          ))}
        </ul>
      )}
      <div class="idle-hint">{t('eval.idle')}</div>
    </div>
  );
}
