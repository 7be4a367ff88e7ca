import type { ReminderPayload } from '../../contract/remote.ts';

/** The words of a reminder, as the push notification shows them (the SMS uses the gateway's templates, server/sms/templates.ts). */
export function reminderPayload(input: {
  kind: 'near' | 'called';
  hall: string;
  number: string;
  ahead: number | null;
  window: number | null;
  url: string;
  ticketId: string;
}): ReminderPayload {
  const title = `${input.hall} · ${input.number}`;
  const body =
    input.kind === 'called'
      ? `请 ${input.number} 号到 ${input.window ?? ''} 号窗口办理。`
      : input.ahead === 0
        ? `您的号码 ${input.number} 即将叫到，请到等候区留意叫号。`
        : `您的号码 ${input.number} 前面还有 ${input.ahead ?? ''} 位，请留意叫号。`;
  return { kind: input.kind, title, body, number: input.number, window: input.window, ahead: input.ahead, url: input.url, ticketId: input.ticketId };
}
