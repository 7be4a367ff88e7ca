/**
 * Scrolling notices (started part-way, so a screen that has just started is not blank). The scroll speed is constant whatever the text length (about 120 px/s at
 * 1920 px), so long notices stay readable.
 */
export function NoticeTicker({ texts, label }: { texts: string[]; label: string }) {
  if (!texts.length) return null;
  const line = texts.join('　　◆　　');
  const seconds = Math.max(20, Math.round(line.length * 0.45));
  return (
    <div class="ticker" data-testid="ticker">
      <div class="ticker-label">{label}</div>
      <div class="ticker-track">
        <div class="ticker-text" style={{ animationDuration: `${seconds}s`, animationDelay: `-${Math.round(seconds * 0.2)}s` }}>
          {line}
        </div>
      </div>
    </div>
  );
}
