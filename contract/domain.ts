import { z } from 'zod';

/** Enumerations shared by the server, the UIs and the event log. Codes are stable wire values. */

export const HallLevel = z.enum(['county', 'township', 'village']);
export type HallLevel = z.infer<typeof HallLevel>;

export const Role = z.enum(['staff', 'supervisor', 'admin']);
export type Role = z.infer<typeof Role>;

export const DeviceKind = z.enum(['kiosk', 'display', 'agent']);
export type DeviceKind = z.infer<typeof DeviceKind>;

export const TicketState = z.enum([
  'waiting',
  'called',
  'serving',
  'suspended',
  'finished',
  'no_show',
  'cancelled',
  /** 未到场: taken remotely from a phone, not in the call order until the citizen arrives (contract/remote.ts). */
  'remote',
]);
export type TicketState = z.infer<typeof TicketState>;

/** States in which a ticket still occupies a citizen's place in the hall. */
export const LIVE_STATES: readonly TicketState[] = ['waiting', 'called', 'serving', 'suspended', 'remote'];

export const TicketSource = z.enum(['kiosk', 'appointment', 'staff', 'api', 'remote']);
export type TicketSource = z.infer<typeof TicketSource>;

export const Priority = z.enum(['normal', 'appointment', 'green']);
export type Priority = z.infer<typeof Priority>;

/** 办结 (done on site), 受理 (accepted), 补正 (missing materials), 不予受理 (rejected), 咨询 (consultation). */
export const Outcome = z.enum(['done', 'accepted', 'supplement', 'rejected', 'consultation']);
export type Outcome = z.infer<typeof Outcome>;
export const OUTCOME_LABELS: Record<Outcome, string> = {
  done: '办结',
  accepted: '受理',
  supplement: '补正',
  rejected: '不予受理',
  consultation: '咨询',
};

/** 好差评 levels (国办发〔2019〕51号); the last two are 差评. */
export const EvaluationLevel = z.enum(['very_satisfied', 'satisfied', 'basic', 'dissatisfied', 'very_dissatisfied']);
export type EvaluationLevel = z.infer<typeof EvaluationLevel>;
export const EVALUATION_LABELS: Record<EvaluationLevel, string> = {
  very_satisfied: '非常满意',
  satisfied: '满意',
  basic: '基本满意',
  dissatisfied: '不满意',
  very_dissatisfied: '非常不满意',
};
export const BAD_EVALUATIONS: readonly EvaluationLevel[] = ['dissatisfied', 'very_dissatisfied'];

export const WindowStatus = z.enum(['open', 'paused', 'closed']);
export type WindowStatus = z.infer<typeof WindowStatus>;

export const IdRequirement = z.enum(['required', 'optional', 'none']);
export type IdRequirement = z.infer<typeof IdRequirement>;

export const ItemCategory = z.enum(['行政许可', '行政确认', '行政给付', '行政征收', '公共服务', '便民服务', '中介服务', '公共资源交易', '其他']);
export type ItemCategory = z.infer<typeof ItemCategory>;
