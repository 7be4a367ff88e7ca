import { useEffect, useState } from 'preact/hooks';
import { ApiFailure, api } from '../../ui-kit/api.ts';
import { checkIdNumber } from '../../ui-kit/id-number.ts';
import { RemoteArrived, RemoteIssued, RemoteQueues } from '../../contract/remote.ts';
import { BookingCodeSent } from '../../contract/booking.ts';
import { locale } from '../i18n/index.ts';
import { rt } from '../status/remote-texts.ts';
import { heldTickets, holdTicket } from '../status/remote-tickets-store.ts';

type Queue = RemoteQueues['queues'][number];
const statusPath = (t: { ticketId: string; key: string }) => `/t/${encodeURIComponent(t.ticketId)}?k=${encodeURIComponent(t.key)}`;

function Head() {
  return (
    <header class="status-head">
      <h1>{rt('remote.title')}</h1>
      <button type="button" class="status-lang" onClick={() => (locale.value = locale.value === 'en' ? 'zh-CN' : 'en')}>
        {locale.value === 'en' ? '中文' : 'English'}
      </button>
    </header>
  );
}

/** The citizen's three steps: a service, then name + ID number + phone, then the number and its check-in code. */
export function RemotePage({ arriveCode }: { arriveCode: string | null }) {
  return arriveCode ? <ArriveByQr code={arriveCode} /> : <TakeNumber />;
}

function TakeNumber() {
  const [queues, setQueues] = useState<RemoteQueues | null>(null);
  const [chosen, setChosen] = useState<Queue | null>(null);
  const [issued, setIssued] = useState<RemoteIssued | null>(null);
  useEffect(() => {
    void api('/api/remote/queues', RemoteQueues).then(setQueues, () => setQueues({ arrivalCheck: 'kiosk', queues: [] }));
  }, []);
  return (
    <main class="status remote" lang={locale.value === 'en' ? 'en' : 'zh-CN'}>
      <Head />
      {issued ? (
        <Issued t={issued} />
      ) : chosen ? (
        <IdentityForm queue={chosen} onBack={() => setChosen(null)} onIssued={setIssued} />
      ) : !queues ? (
        <p class="status-wait">{rt('remote.busy')}</p>
      ) : queues.queues.length === 0 ? (
        <p class="status-missing" role="alert">
          {rt('remote.none')}
        </p>
      ) : (
        <section class="panel" aria-labelledby="choose">
          <h2 id="choose">{rt('remote.choose')}</h2>
          <p class="hint">{rt('remote.intro')}</p>
          {queues.queues.map((q) => (
            <button type="button" class="service" key={q.code} disabled={!q.open || q.quotaLeft === 0} onClick={() => setChosen(q)} data-queue={q.code}>
              <span>
                <strong>{q.name}</strong>
                <br />
                <small>{q.items.map((i) => i.name).join('、')}</small>
              </span>
              <small>{q.open ? rt('remote.left', { n: q.quotaLeft }) : rt('remote.closed')}</small>
            </button>
          ))}
        </section>
      )}
      <footer class="status-foot">
        <span>{rt('remote.privacy')}</span>
      </footer>
    </main>
  );
}

function IdentityForm({ queue, onBack, onIssued }: { queue: Queue; onBack: () => void; onIssued: (t: RemoteIssued) => void }) {
  const [name, setName] = useState('');
  const [id, setId] = useState('');
  const [phone, setPhone] = useState('');
  const [smsCode, setSmsCode] = useState('');
  const [codeSent, setCodeSent] = useState<{ minutes: number; demo: boolean } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const phoneOk = () => /^1[3-9]\d{9}$/.test(phone.trim());
  const sendCode = async () => {
    if (!phoneOk()) return setProblem(rt('reminders.phoneInvalid'));
    setProblem(null);
    try {
      const sent = await api('/api/booking/code', BookingCodeSent, { method: 'POST', body: { phone: phone.trim() } });
      setCodeSent({ minutes: Math.max(1, Math.round(sent.expiresInSeconds / 60)), demo: sent.demo });
    } catch (error) {
      setProblem(error instanceof ApiFailure ? error.message : String(error));
    }
  };
  const submit = async () => {
    if (!name.trim()) return setProblem(rt('remote.nameMissing'));
    if (!checkIdNumber(id).ok) return setProblem(rt('remote.idInvalid'));
    if (!phoneOk()) return setProblem(rt('reminders.phoneInvalid'));
    if (!/^\d{6}$/.test(smsCode.trim())) return setProblem(rt('remote.codeMissing'));
    setBusy(true);
    setProblem(null);
    try {
      const t = await api('/api/remote/tickets', RemoteIssued, {
        method: 'POST',
        body: { queue: queue.code, name: name.trim(), idNumber: id.trim().toUpperCase(), phone: phone.trim(), smsCode: smsCode.trim() },
      });
      holdTicket({ ticketId: t.ticketId, key: t.key, number: t.number });
      onIssued(t);
    } catch (error) {
      setProblem(error instanceof ApiFailure ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="panel" onSubmit={(e) => (e.preventDefault(), void submit())}>
      <h2>{queue.name}</h2>
      <label>
        {rt('remote.name')}
        <input name="name" autoComplete="name" value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <label>
        {rt('remote.idNumber')}
        <input name="idNumber" inputMode="text" maxLength={18} autoComplete="off" value={id} onInput={(e) => setId(e.currentTarget.value)} />
      </label>
      <label>
        {rt('remote.phone')}
        <input name="phone" type="tel" inputMode="numeric" maxLength={11} autoComplete="tel" value={phone} onInput={(e) => setPhone(e.currentTarget.value)} />
      </label>
      <div class="code-row">
        <label>
          {rt('remote.code')}
          <input name="smsCode" inputMode="numeric" maxLength={6} autoComplete="one-time-code" value={smsCode} onInput={(e) => setSmsCode(e.currentTarget.value)} />
        </label>
        <button type="button" class="quiet" data-action="send-code" onClick={() => void sendCode()}>
          {codeSent ? rt('remote.codeResend') : rt('remote.codeSend')}
        </button>
      </div>
      {codeSent && <p class="hint">{codeSent.demo ? rt('remote.codeSentDemo') : rt('remote.codeSent', { m: codeSent.minutes })}</p>}
      {problem && (
        <p class="problem" role="alert">
          {problem}
        </p>
      )}
      <div class="panel-form">
        <button type="button" class="quiet" onClick={onBack}>
          {rt('remote.back')}
        </button>
        <button type="submit" disabled={busy} data-action="take">
          {busy ? rt('remote.busy') : rt('remote.submit')}
        </button>
      </div>
    </form>
  );
}

function Issued({ t }: { t: RemoteIssued }) {
  return (
    <section class="panel" data-part="issued">
      <p class="hint">{rt('remote.yourNumber')}</p>
      <p class="result-number" data-field="number">
        {t.number}
      </p>
      <p>
        {t.queueName} · {rt('remote.ahead', { n: t.peopleAhead })}
      </p>
      <p class="hint">{rt('arrival.code')}</p>
      <p class="arrival-code" data-field="arrival-code">
        {t.arrivalCode}
      </p>
      <p>{rt('arrival.kiosk')}</p>
      <a class="go" href={statusPath(t)}>
        {rt('remote.status')}
      </a>
    </section>
  );
}

/** The hall's 我已到达 QR: checks in the remote numbers this phone holds, then opens the first one's status page. */
function ArriveByQr({ code }: { code: string }) {
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    void (async () => {
      const held = heldTickets();
      let first: string | null = null;
      let lastProblem: string | null = null;
      for (const t of held) {
        try {
          await api(`/api/remote/tickets/${encodeURIComponent(t.ticketId)}/arrive`, RemoteArrived, { method: 'POST', body: { k: t.key, hallCode: code } });
          first ??= statusPath(t);
        } catch (error) {
          if (error instanceof ApiFailure && error.code !== 'REMOTE_ARRIVED_ALREADY' && error.code !== 'UNKNOWN_TICKET') lastProblem = error.message;
        }
      }
      if (first) location.replace(first);
      else setProblem(lastProblem ?? rt('remote.arriveNone'));
    })();
  }, [code]);
  return (
    <main class="status remote" lang={locale.value === 'en' ? 'en' : 'zh-CN'}>
      <Head />
      <section class="panel">
        <h2>{rt('remote.arriveTitle')}</h2>
        {problem ? (
          <p class="problem" role="alert">
            {problem}
          </p>
        ) : (
          <p>{rt('remote.busy')}</p>
        )}
      </section>
    </main>
  );
}
