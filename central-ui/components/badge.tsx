import type { ComponentChildren } from 'preact';

export type Tone = 'ok' | 'warn' | 'bad' | 'muted' | 'info';

export function Badge({ tone, children, title }: { tone: Tone; children: ComponentChildren; title?: string }) {
  return (
    <span class={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  );
}

export function ErrorLine({ error }: { error: string | null }) {
  return error ? (
    <p class="error-line" role="alert">
      {error}
    </p>
  ) : null;
}
