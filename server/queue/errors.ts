import { DomainError, kindOfStatus } from '../common/errors.ts';

/**
 * Every refusal the engine gives: a stable code, an HTTP status, and a Chinese message that tells the
 * citizen or the clerk the next step. The UIs show the message as is.
 */
export const REFUSALS = {
  OUTSIDE_HOURS: { status: 409, message: '现在不在取号时间内。今日取号时间：{hours}。' },
  CLOSED_TODAY: { status: 409, message: '今日不办公，请在工作日前来办理。' },
  DAILY_CAP_REACHED: { status: 409, message: '今日号已取完，若窗口空闲可直接到窗口办理。' },
  NUMBERS_EXHAUSTED: { status: 409, message: '今日{prefix}类号码已发完（最大{last}），请到咨询台咨询。' },
  SLOT_CAP_REACHED: { status: 409, message: '本时段号已取完，请在{next}后再来取号，或到咨询台咨询。' },
  QUEUE_CLOSED: { status: 409, message: '该业务今日暂停取号，请到咨询台咨询。' },
  ID_REQUIRED: { status: 422, message: '该业务需要身份证取号，请将身份证放在感应区。' },
  ID_INVALID: { status: 422, message: '身份证号码有误，请核对后重试或到咨询台咨询。' },
  ID_HAS_LIVE_TICKET: { status: 409, message: '您已取过该业务的号（{number}），请留意叫号；如号票遗失可选择“补打”。' },
  ID_DAILY_LIMIT: { status: 409, message: '您今日取号已达{max}次上限，请到咨询台咨询。' },
  UNKNOWN_QUEUE: { status: 404, message: '没有找到该业务队列，请重新选择。' },
  UNKNOWN_ITEM: { status: 404, message: '没有找到该办理事项，请重新选择。' },
  UNKNOWN_TICKET: { status: 404, message: '没有找到该号票，请核对号码。' },
  UNKNOWN_WINDOW: { status: 404, message: '没有找到该窗口。' },
  UNKNOWN_APPOINTMENT: { status: 404, message: '没有找到今天的预约，请核对预约码或到咨询台咨询。' },
  APPOINTMENT_NOT_YET: { status: 409, message: '预约签到时间未到，请在{from}后签到。' },
  APPOINTMENT_EXPIRED: { status: 409, message: '预约已过签到时间，请重新取号或到咨询台咨询。' },
  APPOINTMENT_USED: { status: 409, message: '该预约已签到（{number}），请留意叫号。' },
  APPOINTMENT_SLOT_FULL: { status: 409, message: '该时段预约已满，请选择其他时段。' },
  APPOINTMENT_DUPLICATE: { status: 409, message: '您当天已预约该事项（{slot}），无需重复预约。' },
  APPOINTMENT_SLOT_INVALID: { status: 422, message: '预约时段不在办公时间内，请重新选择。' },
  WINDOW_NOT_OPEN: { status: 409, message: '窗口未开启服务，请先开始服务。' },
  WINDOW_PAUSED: { status: 409, message: '窗口暂停服务中，请先恢复服务。' },
  WINDOW_BUSY: { status: 409, message: '请先办结或过号当前号票，再叫下一号。' },
  WINDOW_TAKEN: { status: 409, message: '该窗口已有工作人员（{badge}）登录，请选择其他窗口或联系管理员。' },
  NOT_SIGNED_IN: { status: 409, message: '请先登录到窗口。' },
  NO_WAITING: { status: 409, message: '当前没有等候的号票。' },
  NO_CURRENT_TICKET: { status: 409, message: '窗口当前没有正在办理的号票。' },
  RECALL_LIMIT: { status: 409, message: '已重呼{max}次，请做过号处理。' },
  INVALID_STATE: { status: 409, message: '号票当前状态为“{state}”，不能执行该操作。' },
  NOT_SERVED_HERE: { status: 409, message: '该号票不属于本窗口的业务队列。' },
  REACTIVATE_TOO_LATE: { status: 409, message: '过号已超过{minutes}分钟，请重新取号。' },
  ALREADY_EVALUATED: { status: 409, message: '该号票已评价，感谢您的反馈。' },
  NOT_EVALUABLE: { status: 409, message: '叫号后才能评价这次办事。' },
  TRANSFER_TARGET_INVALID: { status: 422, message: '请选择要转往的队列或窗口。' },
  REMOTE_NOT_OFFERED: { status: 409, message: '该业务不支持远程取号，请到大厅取号机取号。' },
  REMOTE_QUOTA_REACHED: { status: 409, message: '今日该业务远程取号名额（{quota}个）已用完，请到大厅取号机取号。' },
  REMOTE_ARRIVED_ALREADY: { status: 409, message: '该号已签到（{number}），请留意叫号。' },
  HALL_CODE_WRONG: { status: 422, message: '到达验证码不正确或已过期，请扫描大厅内张贴的“我已到达”二维码，或到取号机签到。' },
  HALL_CHECK_OFF: { status: 409, message: '本大厅需要在取号机签到：请在取号机“预约签到”输入签到码或刷身份证。' },
  CARE_CLASS_OFF: { status: 409, message: '本大厅未开启该优先类别。' },
} as const;

export type RefusalCode = keyof typeof REFUSALS;

export class QueueError extends DomainError {
  readonly status: number;
  /** `params` fill the message and are returned to the client as `details` (never personal data). */
  constructor(
    override readonly code: RefusalCode,
    readonly params: Record<string, string | number> = {},
  ) {
    const template: string = REFUSALS[code].message;
    const status: number = REFUSALS[code].status;
    super(kindOfStatus(status), code, template.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? '')), Object.keys(params).length ? { ...params } : undefined);
    this.status = status;
    this.name = 'QueueError';
  }
}
