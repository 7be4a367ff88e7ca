import { useEffect, useState } from 'preact/hooks';
import { EvaluationLevel } from '../../contract/domain.ts';
import { PublicEvaluationResult, PublicEvaluationState } from '../../contract/evaluation.ts';
import { ApiFailure, api } from '../../ui-kit/api.ts';
import { et, type EvalTextKey } from './evaluation-texts.ts';
import './phone-evaluation.css';

const LEVELS = EvaluationLevel.options;
const BAD = new Set<EvaluationLevel>(['dissatisfied', 'very_dissatisfied']);
const REASONS = ['wait', 'attitude', 'notice', 'slow', 'rules'] as const;
const evaluationPath = (id: string) => `/api/public/tickets/${encodeURIComponent(id)}/evaluation`;
/** The status page's signed key, from its own address (/t/:id?k=…). */
const keyFromAddress = () => new URLSearchParams(location.search).get('k') ?? '';
const isPhone = (s: string) => /^(1\d{10}|0\d{9,11})$/.test(s.replace(/[\s-]/g, ''));
const message = (error: unknown) => (error instanceof ApiFailure || error instanceof Error ? error.message : String(error));

export interface PhoneEvaluationProps {
  ticketId: string;
  /** The ticket's state on the page: the card appears once it is finished. */
  state: string;
  statusKey?: string;
}

/**
 * 扫码评价 on the ticket's status page (GB/T 39734 一次一评): once the visit is finished, the five
 * levels, once per visit; a 差评 asks for reasons, a comment and, optionally, a number to call back.
 * After the hall's 反馈 the citizen may re-rate once (追评). Every request carries the ticket's signed
 * key; the server refuses a second rating with a message that is shown as is.
 */
export function PhoneEvaluation(props: PhoneEvaluationProps) {
  const key = props.statusKey ?? keyFromAddress();
  const [view, setView] = useState<PublicEvaluationState | null>(null);
  const [level, setLevel] = useState<EvaluationLevel | null>(null);
  const [reasons, setReasons] = useState<(typeof REASONS)[number][]>([]);
  const [text, setText] = useState('');
  const [phone, setPhone] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<EvalTextKey | null>(null);
  const [called, setCalled] = useState(false);

  const load = async () => {
    try {
      setView(await api(`${evaluationPath(props.ticketId)}?k=${encodeURIComponent(key)}`, PublicEvaluationState));
    } catch {
      setView(null);
    }
  };
  useEffect(() => {
    if (props.state === 'finished') void load();
  }, [props.ticketId, props.state]);

  if (props.state !== 'finished' || !view) return null;
  const post = async (path: string, body: unknown, after: (r: PublicEvaluationResult) => void) => {
    setBusy(true);
    setError(null);
    try {
      after(await api(path, PublicEvaluationResult, { method: 'POST', body }));
      await load();
    } catch (e) {
      setError(message(e));
    } finally {
      setBusy(false);
    }
  };
  const bad = level !== null && BAD.has(level);
  const phoneOk = phone === '' || isPhone(phone);

  if (view.canRerate) {
    return (
      <section class="peval" data-testid="phone-rerate">
        <h2>{et('rerateTitle')}</h2>
        {view.feedback ? <p class="peval-feedback">{view.feedback}</p> : null}
        <p class="peval-hint">{et('rerateHint')}</p>
        <Levels chosen={level} onChoose={setLevel} />
        {error ? <p class="peval-error" role="alert">{error}</p> : null}
        <button type="button" class="peval-submit" disabled={!level || busy} onClick={() => level && void post(`${evaluationPath(props.ticketId)}/rerate`, { key, level }, () => setDone('rerated'))}>
          {busy ? et('sending') : et('rerateDo')}
        </button>
      </section>
    );
  }

  if (!view.canRate) {
    return (
      <section class="peval peval-rated" data-testid="phone-rated">
        <p class="peval-done" aria-live="polite">
          {done ? et(done) : view.grade ? et('rated', { level: et(`level_${view.grade}`) }) : et('once')}
          {called ? ` ${et('thanksCall')}` : ''}
        </p>
        {view.canAddContact ? (
          <div class="peval-contact">
            <label>
              {et('addPhone')}
              <input type="tel" inputMode="tel" autoComplete="tel" value={phone} onInput={(e) => setPhone((e.target as HTMLInputElement).value)} />
            </label>
            <p class="peval-hint">{et('phoneHint')}</p>
            <button type="button" class="peval-submit" disabled={!isPhone(phone) || busy} onClick={() => void post(`/api/evaluations/${encodeURIComponent(props.ticketId)}/contact`, { key, phone }, () => (setPhone(''), setDone('phoneSaved')))}>
              {et('addPhoneDo')}
            </button>
          </div>
        ) : null}
        {error ? <p class="peval-error" role="alert">{error}</p> : null}
      </section>
    );
  }

  return (
    <section class="peval" data-testid="phone-evaluation">
      <h2>{et('title')}</h2>
      <p class="peval-hint">{et('prompt')}</p>
      <Levels chosen={level} onChoose={(l) => (setLevel(l), setError(null))} />
      {bad ? (
        <>
          <h3>{et('reasonTitle')}</h3>
          <div class="peval-reasons">
            {REASONS.map((r) => (
              <button type="button" key={r} data-reason={r} class={`peval-chip${reasons.includes(r) ? ' on' : ''}`} onClick={() => setReasons((cur) => (cur.includes(r) ? cur.filter((x) => x !== r) : [...cur, r]))}>
                {et(`reason_${r}`)}
              </button>
            ))}
          </div>
          <label class="peval-field">
            {et('textLabel')}
            <textarea rows={3} maxLength={500} value={text} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} />
          </label>
          <label class="peval-field">
            {et('phoneLabel')}
            <input type="tel" inputMode="tel" autoComplete="tel" data-testid="phone-callback" value={phone} onInput={(e) => setPhone((e.target as HTMLInputElement).value)} />
          </label>
          <p class="peval-hint">{et('phoneHint')}</p>
        </>
      ) : null}
      {error ? <p class="peval-error" role="alert">{error}</p> : null}
      <button
        type="button"
        class="peval-submit"
        data-testid="phone-evaluation-submit"
        disabled={!level || busy || !phoneOk}
        onClick={() =>
          level &&
          void post(
            evaluationPath(props.ticketId),
            { key, level, reasons: bad ? reasons.map((r) => et(`reason_${r}`)) : [], ...(bad && text.trim() ? { text: text.trim() } : {}), ...(bad && phone ? { phone } : {}) },
            (r) => (setDone(r.bad ? 'thanksBad' : 'thanks'), setCalled(r.contact)),
          )
        }
      >
        {busy ? et('sending') : et('submit')}
      </button>
    </section>
  );
}

function Levels({ chosen, onChoose }: { chosen: EvaluationLevel | null; onChoose: (l: EvaluationLevel) => void }) {
  return (
    <div class="peval-levels" role="radiogroup">
      {LEVELS.map((l) => (
        <button type="button" role="radio" aria-checked={chosen === l} key={l} data-level={l} class={`peval-level level-${l}${chosen === l ? ' on' : ''}`} onClick={() => onChoose(l)}>
          {et(`level_${l}`)}
        </button>
      ))}
    </div>
  );
}
