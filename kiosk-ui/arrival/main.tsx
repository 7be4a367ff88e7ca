import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../ui-kit/api.ts';
import { HallArrivalCode } from '../../contract/remote.ts';
import { Qr } from '../components/qr.tsx';
import './arrival.css';

// /remote/hall-qr?token=… — a hall screen (display or kiosk token) showing the rotating 我已到达 QR.
const KEY = 'hallq.arrival.token';
const given = new URLSearchParams(location.search).get('token');
if (given) {
  localStorage.setItem(KEY, given);
  history.replaceState(null, '', location.pathname);
}
const token = given ?? localStorage.getItem(KEY) ?? '';

function ArrivalQr() {
  const [code, setCode] = useState<HallArrivalCode | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    let timer: number | undefined;
    const load = async () => {
      try {
        const c = await api('/api/remote/hall-code', HallArrivalCode, { token });
        setCode(c);
        setProblem(null);
        // Fetch again just after the code turns, and at least every half minute.
        timer = window.setTimeout(() => void load(), Math.min(30_000, Math.max(1000, Date.parse(c.validUntil) - Date.now() + 500)));
      } catch (error) {
        setProblem(error instanceof Error ? error.message : String(error));
        timer = window.setTimeout(() => void load(), 10_000);
      }
    };
    void load();
    return () => clearTimeout(timer);
  }, []);
  return (
    <main class="arrival-poster">
      <h1>远程取号 · 我已到达</h1>
      <p class="arrival-en">Took a number on your phone? Scan to check in.</p>
      {code ? (
        <>
          <Qr text={code.url} size={560} label="我已到达二维码" />
          <p class="arrival-digits" data-field="hall-code">
            {code.code}
          </p>
          <p class="arrival-help">用手机扫码，或在号票页面输入上面的 6 位数字，即可进入叫号队列。</p>
        </>
      ) : (
        <p class="arrival-help" role={problem ? 'alert' : undefined}>
          {problem ?? '正在获取…'}
        </p>
      )}
    </main>
  );
}

render(<ArrivalQr />, document.getElementById('app')!);
