import type { ComponentChildren } from 'preact';

export type Tone = 'ok' | 'warn' | 'bad' | 'muted' | 'info';

export function Badge({ tone, children }: { tone: Tone; children: ComponentChildren }) {
  return <span class={`badge badge-${tone}`}>{children}</span>;
}

/** A failure line under a panel's heading. */
export function ErrorLine({ error }: { error: string | null }) {
  return error ? (
    <p class="error-line" role="alert">
      {error}
    </p>
  ) : null;
}

/** The one row a table shows when it has nothing to list. */
export function EmptyRow({ show, columns, children }: { show: boolean | null | undefined; columns: number; children: ComponentChildren }) {
  return show ? (
    <tr>
      <td colSpan={columns} class="empty">
        {children}
      </td>
    </tr>
  ) : null;
}
