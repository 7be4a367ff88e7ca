import type { CaseView, SupervisionAlert } from '../../contract/admin.ts';
import { EVALUATION_LABELS } from '../../contract/domain.ts';
import { CASE_STEP_LABELS } from '../../contract/evaluation.ts';
import { localParts } from '../common/hall-time.ts';

const localLabel = (iso: string, tz: string) => {
  const p = localParts(new Date(iso), tz);
  return `${p.date.slice(5)} ${p.time}`;
};

/**
 * The supervision alert of a 差评 case, or null. A case waiting for its 回访 is always shown (warning,
 * critical once late, as before); a case waiting for 整改 or 反馈 only once that step is late
 * (critical): GB/T 39734 gives 整改 15 working days, a reminder every day before that is noise.
 */
export function caseAlert(c: CaseView, windowName: string, timeZone: string): SupervisionAlert | null {
  const step = c.step ?? (c.state === 'open' ? 'contact' : null);
  const dueAt = c.stepDueAt ?? (step === 'contact' ? c.dueAt : null);
  if (!step || !dueAt) return null;
  const base = {
    kind: 'bad_evaluation' as const,
    ...(c.window !== null ? { window: c.window } : {}),
    ticket: c.number,
    caseId: c.id,
  };
  const what = `${windowName} ${c.number} 收到差评「${EVALUATION_LABELS[c.level]}」${c.reason ? `：${c.reason}` : ''}`;
  if (step === 'contact') {
    return {
      ...base,
      id: `bad:${c.id}`,
      severity: c.overdue ? 'critical' : 'warning',
      since: c.createdAt,
      message: `${what}，${c.overdue ? '已超过回访时限' : `请在 ${localLabel(dueAt, timeZone)} 前回访`}。`,
    };
  }
  if (!c.overdue) return null;
  return {
    ...base,
    id: `bad:${c.id}:${step}`,
    severity: 'critical',
    since: dueAt,
    message: `${what}，${CASE_STEP_LABELS[step]}已超期（期限 ${localLabel(dueAt, timeZone)}）。`,
  };
}
