import { locale } from '../i18n/index.ts';

/** The reminder and remote-number words of the phone pages, Chinese first; kept apart from the kiosk's dictionaries. */
const TEXTS = {
  'care.elderly': ['长者优先', 'Senior priority'],
  'care.assisted': ['关爱优先（残疾人、孕妇）', 'Priority (disability, pregnancy)'],
  'reminders.title': ['叫号提醒', 'Call reminders'],
  'reminders.when': ['前面还有 {n} 位时和叫到您时提醒您', 'We tell you when {n} people are ahead, and when you are called'],
  'reminders.push': ['浏览器通知', 'Browser notifications'],
  'reminders.pushOn': ['已开启', 'On'],
  'reminders.pushOff': ['开启通知', 'Turn on'],
  'reminders.pushStop': ['关闭', 'Turn off'],
  'reminders.pushUnsupported': ['此浏览器不能接收通知，请使用短信提醒。', 'This browser cannot receive notifications; use a text message instead.'],
  'reminders.pushDenied': ['未获得通知权限，请在浏览器设置中允许通知，或使用短信提醒。', 'Notifications are blocked; allow them in the browser settings, or use a text message.'],
  'reminders.pushFailed': ['开启通知失败，请稍后重试，或使用短信提醒。', 'Could not turn notifications on; try again later, or use a text message.'],
  'reminders.sms': ['短信提醒', 'Text message'],
  'reminders.smsTo': ['发送到 {phone}', 'To {phone}'],
  'reminders.phone': ['手机号', 'Mobile number'],
  'reminders.smsOn': ['开启短信提醒', 'Send me a text'],
  'reminders.smsStop': ['关闭', 'Turn off'],
  'reminders.phoneInvalid': ['请输入 11 位手机号。', 'Enter an 11-digit mobile number.'],
  'reminders.erased': ['手机号和通知订阅加密保存，当天结束后删除。', 'Your number and subscription are kept encrypted and deleted at the end of the day.'],
  'arrival.title': ['到达大厅后', 'When you arrive'],
  'arrival.code': ['签到码', 'Check-in code'],
  'arrival.kiosk': ['在取号机“预约签到”输入签到码，或刷取号时的身份证。', 'Enter the code at a kiosk’s check-in, or swipe the ID card you used.'],
  'arrival.hall': ['或扫描大厅内“我已到达”二维码，或输入其下方的 6 位数字：', 'Or scan the “I have arrived” QR code in the hall, or type the 6 digits under it:'],
  'arrival.hallCode': ['大厅到达码', 'Hall code'],
  'arrival.button': ['我已到达', 'I have arrived'],
  'arrival.done': ['已签到，请留意叫号。', 'Checked in. Please watch for your number.'],
  'remote.title': ['远程取号', 'Take a number remotely'],
  'remote.intro': ['在家取号，到大厅签到后按原顺序排队叫号。', 'Take a number now; once you check in at the hall, you keep your place in line.'],
  'remote.none': ['本大厅暂未开放远程取号，请到大厅取号机取号。', 'This hall does not offer remote numbers; take one at a kiosk in the hall.'],
  'remote.closed': ['不在取号时间', 'Not open now'],
  'remote.left': ['今日剩余 {n} 个', '{n} left today'],
  'remote.choose': ['请选择业务', 'Choose a service'],
  'remote.name': ['姓名', 'Name'],
  'remote.idNumber': ['身份证号', 'ID number'],
  'remote.phone': ['手机号（用于叫号短信提醒）', 'Mobile (for call reminders)'],
  'remote.code': ['短信验证码', 'Text message code'],
  'remote.codeSend': ['获取验证码', 'Send me a code'],
  'remote.codeResend': ['重新获取', 'Send again'],
  'remote.codeSent': ['验证码已发送到您的手机，{m} 分钟内有效。', 'A code was sent to your phone; it is valid for {m} minutes.'],
  'remote.codeSentDemo': ['演示大厅：验证码在管理端“演示短信”中查看。', 'Demo hall: the code is in the admin console’s demo messages.'],
  'remote.codeMissing': ['请输入手机收到的 6 位验证码。', 'Enter the 6-digit code sent to your phone.'],
  'remote.idInvalid': ['身份证号码有误，请核对后重新输入。', 'The ID number is not valid; check it and try again.'],
  'remote.nameMissing': ['请输入姓名。', 'Enter your name.'],
  'remote.submit': ['取号', 'Take a number'],
  'remote.back': ['返回', 'Back'],
  'remote.busy': ['请稍候…', 'One moment…'],
  'remote.yourNumber': ['您的号码', 'Your number'],
  'remote.ahead': ['前面 {n} 人', '{n} ahead'],
  'remote.status': ['查看排队状态、开启叫号提醒', 'Watch the queue and turn on reminders'],
  'remote.arriveTitle': ['我已到达', 'I have arrived'],
  'remote.arriveNone': ['这部手机上没有今天的远程取号。请在取号机签到。', 'This phone holds no remote number for today. Check in at a kiosk.'],
  'remote.privacy': ['身份证号只用于核验和每日取号限制，不会显示或保存原文。', 'Your ID number is only checked and used for the daily limit; it is never shown or kept in full.'],
} as const;

export type RemoteTextKey = keyof typeof TEXTS;

export function rt(key: RemoteTextKey, vars: Record<string, string | number> = {}): string {
  const [zh, en] = TEXTS[key];
  return (locale.value === 'en' ? en : zh).replace(/\{(\w+)\}/g, (whole, k: string) => String(vars[k] ?? whole));
}
