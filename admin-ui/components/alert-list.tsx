import type { SupervisionAlert } from '../../contract/admin.ts';
import { t } from '../i18n/index.ts';
import { formatTime } from '../lib/time.ts';

const rank = (a: SupervisionAlert) => (a.severity === 'critical' ? 0 : 1);

/** Critical first, then the longest-standing; each names where it is and since when. */
export function sortAlerts(alerts: readonly SupervisionAlert[]): SupervisionAlert[] {
  return [...alerts].sort((a, b) => rank(a) - rank(b) || a.since.localeCompare(b.since) || a.id.localeCompare(b.id));
}

function where(a: SupervisionAlert, deviceName?: (code: string) => string): string {
  if (a.window !== undefined) return t('alert.window', { n: a.window });
  if (a.queue !== undefined) return t('alert.queue', { code: a.queue });
  // A device by the name the hall gave it; its registry code means nothing to a supervisor.
  if (a.device !== undefined) return deviceName ? deviceName(a.device) : t('alert.deviceOnly');
  if (a.caseId !== undefined) return t('alert.case', { id: a.caseId });
  return '';
}

export interface AlertListProps {
  alerts: readonly SupervisionAlert[] | null;
  /** When the server last evaluated them. */
  at?: string | null;
  onOpenCase?: (id: number) => void;
  /** Names a device by its registry code (K1-printer → 1号自助机打印机). */
  deviceName?: (code: string) => string;
}

export function AlertList({ alerts, at, onOpenCase, deviceName }: AlertListProps) {
  const list = sortAlerts(alerts ?? []);
  return (
    <div class="alert-list" aria-live="polite">
      <div class="panel-head">
        <h3>
          {t('alert.title')} {alerts ? <span class={`count${list.length ? ' count-bad' : ''}`}>{list.length}</span> : null}
        </h3>
        {at ? <small class="muted">{t('alert.at', { time: formatTime(at) })}</small> : null}
      </div>
      {alerts === null ? <p class="muted">{t('common.loading')}</p> : null}
      {alerts !== null && !list.length ? <p class="alert-none">{t('alert.none')}</p> : null}
      <ul>
        {list.map((a) => (
          <li key={a.id} class={`alert alert-${a.severity}`} data-alert={a.id} data-kind={a.kind}>
            <span class="alert-severity">{t(`severity.${a.severity}`)}</span>
            <span class="alert-kind">{t(`alertKind.${a.kind}`)}</span>
            <span class="alert-where">{where(a, deviceName)}</span>
            <span class="alert-message">{a.message}</span>
            <span class="alert-since">{t('alert.since', { time: formatTime(a.since) })}</span>
            {a.caseId !== undefined && onOpenCase ? (
              <button type="button" class="btn btn-small" onClick={() => onOpenCase(a.caseId!)}>
                {t('alert.openCase')}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
