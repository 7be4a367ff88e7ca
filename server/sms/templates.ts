import type { SmsTemplate } from '../../contract/sms.ts';

/**
 * The Chinese text of each template, as the fake gateway shows it and as an operator registers it
 * (mainland SMS operators send only pre-registered templates; the HTTP gateway sends the template
 * id and its params, and the operator fills them in). `{name}` is replaced by params.name.
 */
export const SMS_TEXT: Record<SmsTemplate, string> = {
  'booking-code': '【{hall}】您的预约验证码是 {code}，{minutes} 分钟内有效。如非本人操作，请忽略本短信。',
  'booking-confirmed': '【{hall}】预约成功：{date} {slot}，{item}。预约码 {code}，请按时到大厅取号机签到。',
  'booking-cancelled': '【{hall}】您 {date} {slot} 的预约（预约码 {code}）已取消。',
  'queue-near': '【{hall}】您的号码 {number} 前面还有 {ahead} 位，请留意叫号。',
  'queue-called': '【{hall}】请 {number} 号到 {window} 号窗口办理。',
};

export function renderSms(template: SmsTemplate, params: Record<string, string>): string {
  return SMS_TEXT[template].replace(/\{(\w+)\}/g, (whole, key: string) => params[key] ?? whole);
}
