import type { WindowTerminal } from '../terminal.ts';

/** A citizen stuck at a kiosk: the 帮办 window sees where, and says it is on its way. */
export function HelpCallBanner({ term }: { term: WindowTerminal }) {
  const calls = term.help.calls.value;
  if (!calls.length) return null;
  // The hall's clock, not the PC's: the call time must match the kiosk and the supervisors' alert.
  const timeZone = term.hall.value?.hall.timezone ?? 'Asia/Shanghai';
  return (
    <div class="banner banner-help" role="alert" data-testid="help-calls">
      {calls.map((c) => (
        <p key={c.kiosk}>
          <strong>帮办呼叫：</strong>
          {c.kioskName}有群众需要帮助（{new Date(c.since).toLocaleTimeString('zh-CN', { hour: '2-digit', minute: '2-digit', timeZone })} 起）
          <button type="button" class="btn btn-help" onClick={() => void term.help.take(c.kiosk)}>
            我去协助
          </button>
        </p>
      ))}
      {term.help.error.value ? <p class="banner-help-error">{term.help.error.value}</p> : null}
    </div>
  );
}
