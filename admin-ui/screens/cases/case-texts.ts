import {
  CASE_ACTION_LABELS,
  CASE_ACTION_LABELS_EN,
  CASE_STATE_LABELS,
  CASE_STEP_LABELS,
  CHANNEL_LABELS,
  type CaseAction,
  type CaseState,
  type CaseStep,
  type EvaluationChannel,
} from '../../../contract/evaluation.ts';
import { locale } from '../../i18n/index.ts';

/**
 * The 差评 cycle's words on the cases screen. The Chinese labels of states and history actions come
 * from contract/evaluation.ts, so the audit log and every other screen say the same; English here.
 */
const STATE_EN: Record<CaseState, string> = { open: 'To call back', contacted: 'To rectify', rectified: 'To feed back', fed_back: 'To close', resolved: 'Closed' };
const STEP_EN: Record<CaseStep, string> = { contact: 'Call-back', rectify: 'Rectification', feedback: 'Feedback', close: 'Closing' };
const CHANNEL_EN: Record<EvaluationChannel, string> = { evaluator: 'Evaluator', keypad: 'Keypad 评价 key', screen: 'Tablet', phone: 'Phone (QR)', staff: 'Entered by staff' };

const en = () => locale.value === 'en';
export const caseStateLabel = (s: CaseState) => (en() ? STATE_EN[s] : CASE_STATE_LABELS[s]);
export const caseActionLabel = (a: CaseAction) => (en() ? CASE_ACTION_LABELS_EN[a] : CASE_ACTION_LABELS[a]);
export const caseStepLabel = (s: CaseStep) => (en() ? STEP_EN[s] : CASE_STEP_LABELS[s]);
export const channelLabel = (c: EvaluationChannel) => (en() ? CHANNEL_EN[c] : CHANNEL_LABELS[c]);

const ZH = {
  contactPhone: '回访电话',
  noPhone: '未留电话',
  erased: '已于办结时删除',
  reveal: '查看号码',
  revealNote: '查看号码会记入审计日志',
  item: '办理事项',
  step: '当前环节',
  stepDue: '环节期限',
  contactDue: '回访期限',
  rectifyDue: '整改期限',
  rectification: '整改情况',
  feedback: '反馈内容',
  rerate: '追评',
  contactTitle: '回访',
  contactDo: '记录已回访',
  rectifyTitle: '整改',
  rectifyField: '整改了什么',
  rectifyDo: '记录整改',
  feedbackTitle: '反馈',
  feedbackField: '向办事人反馈的内容',
  feedbackDo: '记录已反馈',
  rerateTitle: '追评（办事人在反馈电话中给出，一次）',
  rerateDo: '记录追评',
  closeTitle: '办结',
  closeDo: '办结工单（删除回访电话）',
  overdueStep: '{step}已逾期',
  by: '{name}',
} as const;
const EN: Record<keyof typeof ZH, string> = {
  contactPhone: 'Call-back number',
  noPhone: 'None left',
  erased: 'Erased when the case closed',
  reveal: 'Show number',
  revealNote: 'Showing the number is written to the audit log',
  item: 'Service item',
  step: 'Current step',
  stepDue: 'Step due',
  contactDue: 'Call back by',
  rectifyDue: 'Rectify by',
  rectification: 'Rectification',
  feedback: 'Feedback',
  rerate: 'Re-rating',
  contactTitle: 'Call-back',
  contactDo: 'Record call-back',
  rectifyTitle: 'Rectification',
  rectifyField: 'What was changed',
  rectifyDo: 'Record rectification',
  feedbackTitle: 'Feedback',
  feedbackField: 'What the citizen was told',
  feedbackDo: 'Record feedback',
  rerateTitle: 'Re-rating (given on the feedback call, once)',
  rerateDo: 'Record re-rating',
  closeTitle: 'Close',
  closeDo: 'Close case (erases the number)',
  overdueStep: '{step} overdue',
  by: '{name}',
};

export function ct(key: keyof typeof ZH, vars: Record<string, string> = {}): string {
  const template: string = en() ? EN[key] : ZH[key];
  return template.replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? '');
}
