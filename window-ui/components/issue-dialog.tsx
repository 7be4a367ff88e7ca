import { useState } from 'preact/hooks';
import { t, type TKey } from '../i18n.ts';
import type { WindowTerminal } from '../terminal.ts';
import { TerminalDialog } from './terminal-dialog.tsx';

const GREEN_REASONS: TKey[] = ['issue.reason.elderly', 'issue.reason.disabled', 'issue.reason.pregnant', 'issue.reason.military', 'issue.reason.urgent'];

/**
 * 窗口取号: staff take a number for a walk-in, a 绿色通道 case (seed clause 九, 特别通道; the reason is
 * recorded) or a 代办 case. The window's own queues come first in the list.
 */
export function IssueDialog({ term }: { term: WindowTerminal }) {
  const hall = term.hall.value;
  const own = term.state.value?.window?.queues ?? [];
  const queues = [...(hall?.queues ?? [])].sort((a, b) => Number(!own.includes(a.code)) - Number(!own.includes(b.code)));
  const [queue, setQueue] = useState(queues[0]?.code ?? '');
  const [item, setItem] = useState('');
  const [green, setGreen] = useState(false);
  const [reason, setReason] = useState<TKey | ''>('');
  const [proxy, setProxy] = useState(false);
  const [care, setCare] = useState<'' | 'assisted' | 'elderly'>('');
  const [error, setError] = useState<string | null>(null);
  const items = (hall?.items ?? []).filter((i) => i.queue === queue && !i.retired);

  const confirm = () => {
    if (!queue) return setError(t('issue.chooseQueue'));
    if (green && !reason) return setError(t('issue.chooseReason'));
    void term.issueTicket({
      queue,
      ...(item ? { item } : {}),
      ...(green && reason ? { green: true, greenReason: t(reason) } : {}),
      ...(proxy ? { proxy: true } : {}),
      ...(care ? { careClass: care } : {}),
    });
  };

  return (
    <TerminalDialog term={term} title={t('issue.title')} onConfirm={confirm} error={error} wide>
      <label class="field">
        <span>{t('issue.queue')}</span>
        <select
          name="queue"
          value={queue}
          onChange={(e) => {
            setQueue((e.target as HTMLSelectElement).value);
            setItem('');
            setError(null);
          }}
        >
          {queues.map((q) => (
            <option key={q.code} value={q.code}>
              {q.prefix} {q.name}
            </option>
          ))}
        </select>
      </label>
      <label class="field">
        <span>{t('issue.item')}</span>
        <select name="item" value={item} onChange={(e) => setItem((e.target as HTMLSelectElement).value)}>
          <option value="">{t('issue.noItem')}</option>
          {items.map((i) => (
            <option key={i.code} value={i.code}>
              {i.name}
            </option>
          ))}
        </select>
      </label>
      <label class="field">
        <span>{t('issue.care')}</span>
        <select name="careClass" value={care} onChange={(e) => setCare((e.target as HTMLSelectElement).value as '' | 'assisted' | 'elderly')}>
          <option value="">{t('issue.care.none')}</option>
          <option value="assisted">{t('issue.care.assisted')}</option>
          <option value="elderly">{t('issue.care.elderly')}</option>
        </select>
      </label>
      <label class="check">
        <input type="checkbox" name="green" checked={green} onChange={(e) => setGreen((e.target as HTMLInputElement).checked)} /> {t('issue.green')}
      </label>
      {green ? (
        <label class="field">
          <span>{t('issue.greenReason')}</span>
          <select name="greenReason" value={reason} onChange={(e) => setReason((e.target as HTMLSelectElement).value as TKey)}>
            <option value="" />
            {GREEN_REASONS.map((k) => (
              <option key={k} value={k}>
                {t(k)}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <label class="check">
        <input type="checkbox" name="proxy" checked={proxy} onChange={(e) => setProxy((e.target as HTMLInputElement).checked)} /> {t('issue.proxy')}
      </label>
    </TerminalDialog>
  );
}
