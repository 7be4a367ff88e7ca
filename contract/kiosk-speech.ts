/**
 * What a kiosk may have the hall server speak (GET /api/speech with a kiosk token) for 长者模式 on a PC
 * without a Chinese browser voice: its fixed prompts, in Chinese and English, and a ticket number
 * spelled out (B 0 0 8). Anything else is refused before espeak-ng runs, so the route stays no
 * general text-to-speech service. The kiosk's dictionaries (kiosk-ui/i18n) must say these exact
 * texts for its spoken keys; tests/ui/kiosk checks they do.
 */
export const KIOSK_SPOKEN_ZH = [
  '您好，请点击办事取号，或将身份证放在感应区',
  '请选择办理部门',
  '请选择办理事项',
  '请将身份证放在感应区',
  '输入身份证号码',
  '输入姓名',
  '请确认取号信息',
  '您的号码',
  '请取走号票',
  '打印机暂时无法出票，请使用电子号票',
  '打印机离线，请到咨询台或稍后重打',
  '暂时不能取号',
  '方式二：输入6位预约码',
  '请选择部门，查看事项的办理指南',
  '用手机扫码，在线反映问题或提出建议',
] as const;

export const KIOSK_SPOKEN_EN = [
  'Hello. Tap “Take a number”, or place your ID card on the reader',
  'Choose a department',
  'Choose a service',
  'Place your ID card on the reader',
  'Type your ID number',
  'Your name',
  'Please confirm',
  'Your number',
  'Please take your ticket',
  'The printer cannot print now: use this electronic ticket',
  'The printer is offline: please go to the information desk or reprint later',
  'A number cannot be issued',
  'or type your 6-digit appointment code',
  'Choose a department to read its service guides',
  'Scan with your phone to report a problem or make a suggestion',
] as const;

/** A ticket number spelled for speech: its letters and digits one by one, space-separated ("B 0 0 8"). */
export const SPELLED_TICKET_NUMBER = /^[A-Z](?: [A-Z])?(?: [0-9]){2,6}$/;

/** How a kiosk spells a ticket number for speech (B008 → "B 0 0 8"). */
export function spellTicketNumber(number: string): string {
  return number.split('').join(' ');
}

/** The voice for a text a kiosk asks to hear, or null when a kiosk may not have it spoken. */
export function kioskSpeechVoice(text: string, lang: 'zh-CN' | 'en' = 'zh-CN'): 'cmn' | 'en' | null {
  if ((KIOSK_SPOKEN_ZH as readonly string[]).includes(text)) return 'cmn';
  if ((KIOSK_SPOKEN_EN as readonly string[]).includes(text)) return 'en';
  if (SPELLED_TICKET_NUMBER.test(text)) return lang === 'en' ? 'en' : 'cmn';
  return null;
}
