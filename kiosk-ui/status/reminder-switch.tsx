import { useEffect, useState } from 'preact/hooks';
import { ApiFailure, api } from '../../ui-kit/api.ts';
import { CARE_CLASS_LABELS, ReminderState, RemoteArrived, type CareClass } from '../../contract/remote.ts';
import { rt } from './remote-texts.ts';
import './reminders.css';

const base64UrlToBytes = (s: string): Uint8Array<ArrayBuffer> => {
  const b64 = (s + '='.repeat((4 - (s.length % 4)) % 4)).replace(/-/g, '+').replace(/_/g, '/');
  const raw = atob(b64);
  const out = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
};

/** The status page's signed key, from its own address (/t/:id?k=…). */
const statusKey = () => new URLSearchParams(location.search).get('k') ?? '';
const remindersPath = (id: string) => `/api/tickets/${encodeURIComponent(id)}/reminders`;

/** 长者优先 / 关爱优先: the ticket's care class, when it has one (no reason, no personal data). */
export function CareMark({ careClass }: { careClass: CareClass | null | undefined }) {
  if (!careClass) return null;
  return (
    <p class="care-mark" data-field="care" title={CARE_CLASS_LABELS[careClass]}>
      {rt(careClass === 'elderly' ? 'care.elderly' : 'care.assisted')}
    </p>
  );
}

async function subscribePush(publicKey: string): Promise<PushSubscriptionJSON> {
  const registration = await navigator.serviceWorker.register('/t/sw.js', { scope: '/t/' });
  await navigator.serviceWorker.ready;
  const existing = await registration.pushManager.getSubscription();
  const sub = existing ?? (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: base64UrlToBytes(publicKey) }));
  return sub.toJSON();
}

/**
 * 叫号提醒: Web Push (a service worker scoped to /t/) and/or a text message to a phone, switched on or
 * off for this ticket only. The hall keeps both sealed and deletes them when the day closes.
 */
export function ReminderSwitch({ ticketId, live }: { ticketId: string; live: boolean }) {
  const [state, setState] = useState<ReminderState | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [phone, setPhone] = useState('');

  useEffect(() => {
    // Without the signed key there is nothing to ask (and nothing the server would answer).
    if (!statusKey()) return;
    void api(`${remindersPath(ticketId)}?k=${encodeURIComponent(statusKey())}`, ReminderState).then(setState, () => setState(null));
  }, [ticketId]);

  if (!state || !live) return null;
  const put = async (body: Record<string, unknown>) => {
    setBusy(true);
    setProblem(null);
    try {
      setState(await api(remindersPath(ticketId), ReminderState, { method: 'PUT', body: { k: statusKey(), ...body } }));
    } catch (error) {
      setProblem(error instanceof ApiFailure ? error.message : rt('reminders.pushFailed'));
    } finally {
      setBusy(false);
    }
  };
  const pushOn = async () => {
    if (!state.publicKey || !('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) {
      setProblem(rt('reminders.pushUnsupported'));
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      if ((await Notification.requestPermission()) !== 'granted') {
        setProblem(rt('reminders.pushDenied'));
        return;
      }
      const sub = await subscribePush(state.publicKey);
      await put({ push: sub });
    } catch {
      setProblem(rt('reminders.pushFailed'));
    } finally {
      setBusy(false);
    }
  };
  const pushOff = async () => {
    const registration = 'serviceWorker' in navigator ? await navigator.serviceWorker.getRegistration('/t/') : undefined;
    await (await registration?.pushManager.getSubscription())?.unsubscribe();
    await put({ push: null });
  };
  const smsOn = () => {
    if (!/^1[3-9]\d{9}$/.test(phone.trim())) return setProblem(rt('reminders.phoneInvalid'));
    void put({ phone: phone.trim() });
  };

  return (
    <section class="panel reminders" aria-labelledby="reminders-title" data-part="reminders">
      <h2 id="reminders-title">{rt('reminders.title')}</h2>
      <p class="hint">{rt('reminders.when', { n: state.nearPosition })}</p>
      {state.publicKey && (
        <div class="panel-row">
          <span class="label">{rt('reminders.push')}</span>
          {state.push ? (
            <span>
              <span class="on" data-field="push-on">✓ {rt('reminders.pushOn')}</span>{' '}
              <button type="button" class="quiet" disabled={busy} onClick={() => void pushOff()}>
                {rt('reminders.pushStop')}
              </button>
            </span>
          ) : (
            <button type="button" disabled={busy} onClick={() => void pushOn()} data-action="push-on">
              {rt('reminders.pushOff')}
            </button>
          )}
        </div>
      )}
      {state.smsAvailable && (
        <>
          <div class="panel-row">
            <span class="label">{rt('reminders.sms')}</span>
            {state.sms && (
              <span>
                <span class="on" data-field="sms-on">✓ {rt('reminders.smsTo', { phone: state.phoneMasked ?? '' })}</span>{' '}
                <button type="button" class="quiet" disabled={busy} onClick={() => void put({ phone: null })}>
                  {rt('reminders.smsStop')}
                </button>
              </span>
            )}
          </div>
          {!state.sms && (
            <form class="panel-form" onSubmit={(e) => (e.preventDefault(), smsOn())}>
              <input type="tel" inputMode="numeric" maxLength={11} autoComplete="tel" aria-label={rt('reminders.phone')} placeholder={rt('reminders.phone')} value={phone} onInput={(e) => setPhone(e.currentTarget.value)} />
              <button type="submit" disabled={busy} data-action="sms-on">
                {rt('reminders.smsOn')}
              </button>
            </form>
          )}
        </>
      )}
      {problem && (
        <p class="problem" role="alert">
          {problem}
        </p>
      )}
      <p class="hint">{rt('reminders.erased')}</p>
    </section>
  );
}

/** 未到场: the kiosk check-in code and, where the hall allows it, 我已到达 with the code shown in the hall. */
export function RemoteArrival({ ticketId, remote, onArrived }: { ticketId: string; remote: { arrivalCode: string; hallCheck: boolean } | null | undefined; onArrived: () => void }) {
  const [code, setCode] = useState(new URLSearchParams(location.search).get('arrive') ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!remote) return null;
  const arrive = async () => {
    setBusy(true);
    setProblem(null);
    try {
      await api(`/api/remote/tickets/${encodeURIComponent(ticketId)}/arrive`, RemoteArrived, { method: 'POST', body: { k: statusKey(), hallCode: code.trim() } });
      onArrived();
    } catch (error) {
      setProblem(error instanceof ApiFailure ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="panel arrival" data-part="arrival">
      <h2>{rt('arrival.title')}</h2>
      <p class="hint">{rt('arrival.code')}</p>
      <p class="arrival-code" data-field="arrival-code">
        {remote.arrivalCode}
      </p>
      <p>{rt('arrival.kiosk')}</p>
      {remote.hallCheck && (
        <>
          <p>{rt('arrival.hall')}</p>
          <form class="panel-form" onSubmit={(e) => (e.preventDefault(), void arrive())}>
            <input inputMode="numeric" maxLength={6} aria-label={rt('arrival.hallCode')} placeholder={rt('arrival.hallCode')} value={code} onInput={(e) => setCode(e.currentTarget.value)} />
            <button type="submit" disabled={busy || !/^\d{6}$/.test(code.trim())} data-action="arrive">
              {rt('arrival.button')}
            </button>
          </form>
        </>
      )}
      {problem && (
        <p class="problem" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
