import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';

export interface LoginFormProps {
  /** The page's own words (each UI has its dictionary). */
  labels: { title: string; badge: string; password: string; submit: string; required: string };
  /** Shown above the fields (hall name, heading). */
  header?: ComponentChildren;
  /** Shown below the button (hints). */
  footer?: ComponentChildren;
  /** A message to start with, e.g. why the user was sent back here. */
  notice?: string | null;
  errorClass?: string;
  /** Signs in; a thrown error's message is shown as is (the server's messages are already Chinese). */
  login(badge: string, password: string): Promise<void>;
}

/**
 * Badge and password, shared by the window terminal and the admin console: Enter submits from either
 * field, nothing is sent twice while a login runs, and the password is cleared after a refusal.
 */
export function LoginForm({ labels, header, footer, notice = null, errorClass = 'error-line', login }: LoginFormProps) {
  const [badge, setBadge] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(notice);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    if (!badge.trim() || !password) {
      setError(labels.required);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await login(badge.trim(), password);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="gate">
      <form class="gate-card" onSubmit={submit} aria-label={labels.title}>
        {header}
        <label class="field">
          <span>{labels.badge}</span>
          <input name="badge" autoFocus autoComplete="username" value={badge} maxLength={16} onInput={(e) => setBadge((e.target as HTMLInputElement).value)} />
        </label>
        <label class="field">
          <span>{labels.password}</span>
          <input name="password" type="password" autoComplete="current-password" value={password} maxLength={200} onInput={(e) => setPassword((e.target as HTMLInputElement).value)} />
        </label>
        {error ? (
          <p class={errorClass} role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" class="btn btn-primary btn-block" disabled={busy}>
          {labels.submit}
        </button>
        {footer}
      </form>
    </div>
  );
}
