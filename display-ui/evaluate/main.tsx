import { signal } from '@preact/signals';
import { render } from 'preact';
import '../styles/base.css';
import '../styles/evaluate.css';
import { PublicEvaluationResult } from '../../contract/evaluation.ts';
import { TicketView } from '../../contract/ticket.ts';
import { api, ApiFailure } from '../../ui-kit/api.ts';
import { t } from '../i18n/index.ts';
import { applyLocaleParam, deviceToken, param, pathNumber } from '../shared/device.ts';
import { connectLive } from '../shared/live.ts';
import { OfflineOverlay } from '../shared/offline-overlay.tsx';
import { EvaluationScreen, type EvaluationRequest, type EvaluationSubmission, type SubmitResult } from './evaluation-screen.tsx';

applyLocaleParam();
const token = deviceToken();
const n = pathNumber() ?? 1;
document.title = `${n}号窗口 · 好差评评价屏`;
const request = signal<EvaluationRequest | null>(null);
const ever = signal(false);
/** A request replayed after a reconnect is still shown if it is this recent (server time). */
const REPLAYED_REQUEST_MAX_AGE_MS = 60_000;

async function submit(s: EvaluationSubmission): Promise<SubmitResult> {
  try {
    await api('/api/evaluations', TicketView, { method: 'POST', body: { ...s, source: 'screen' }, ...(token ? { token } : {}) });
    return { ok: true };
  } catch (error) {
    if (error instanceof ApiFailure) return { ok: false, already: error.code === 'ALREADY_EVALUATED', message: error.message };
    return { ok: false, already: false, message: String(error) };
  }
}

/** A 差评's call-back number, to the window's tablet route (the server seals it). */
async function submitContact(ticketId: string, phone: string): Promise<string | null> {
  try {
    await api(`/api/evaluations/${ticketId}/contact`, PublicEvaluationResult, { method: 'POST', body: { phone }, ...(token ? { token } : {}) });
    return null;
  } catch (error) {
    return error instanceof ApiFailure ? error.message : String(error);
  }
}

function App() {
  if (!token) {
    return (
      <div class="evaluate notoken" data-testid="evaluate-notoken">
        <h1>{t('eval.noToken')}</h1>
        <p>{t('eval.noTokenHint')}</p>
      </div>
    );
  }
  const s = live!.stream.snapshot.value;
  const connected = live!.stream.connected;
  if (connected.value) ever.value = true;
  return (
    <>
      {s && (
        <EvaluationScreen
          window={s.windows.find((w) => w.number === n)}
          windowNumber={n}
          request={request.value}
          onClose={() => (request.value = null)}
          submit={submit}
          submitContact={submitContact}
          dimensions={param('dimensions') === '1'}
        />
      )}
      <OfflineOverlay connected={connected} everConnected={ever.value} />
    </>
  );
}

const live = token
  ? connectLive({
      token,
      onEvent(e, replayed) {
        if (e.window !== n || !e.ticket) {
          if (e.window === n && (e.type === 'staff.signed_out' || e.type === 'window.closed')) request.value = null;
          return;
        }
        if (e.type === 'ticket.evaluation_requested') {
          const age = (live!.clock.now() ?? Date.parse(e.at)) - Date.parse(e.at);
          if (!replayed || age <= REPLAYED_REQUEST_MAX_AGE_MS) request.value = { ticketId: e.ticket.id, number: e.ticket.number };
        } else if (e.type === 'ticket.evaluated' && request.value?.ticketId === e.ticket.id && e.actor.kind !== 'device') {
          // Evaluated elsewhere (keypad, phone, staff): this request is over. Our own submission shows its thanks.
          request.value = null;
        } else if (e.type === 'staff.signed_out' || e.type === 'window.closed') request.value = null;
      },
    })
  : null;

render(<App />, document.getElementById('app')!);
