import { useState } from 'preact/hooks';
import { ApiFailure } from '../../ui-kit/api.ts';
import { t } from '../i18n.ts';
import type { StaffMe } from '../types.ts';

export interface LoginProps {
  hallName: string;
  login(badge: string, password: string): Promise<StaffMe>;
  onDone(me: StaffMe): void;
}

/** Badge and password; Enter submits from either field. */
export function Login({ hallName, login, onDone }: LoginProps) {
  const [badge, setBadge] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    if (!badge.trim() || !password) {
      setError(t('login.required'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onDone(await login(badge.trim(), password));
    } catch (err) {
      setError(err instanceof ApiFailure || err instanceof Error ? err.message : String(err));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="gate">
      <form class="gate-card" onSubmit={submit} aria-label={t('login.title')}>
        <div class="gate-hall">{hallName}</div>
        <h1 class="gate-title">{t('login.title')}</h1>
        <label class="field">
          <span>{t('login.badge')}</span>
          <input name="badge" autoFocus autoComplete="username" value={badge} maxLength={16} onInput={(e) => setBadge((e.target as HTMLInputElement).value)} />
        </label>
        <label class="field">
          <span>{t('login.password')}</span>
          <input name="password" type="password" autoComplete="current-password" value={password} maxLength={200} onInput={(e) => setPassword((e.target as HTMLInputElement).value)} />
        </label>
        {error ? (
          <p class="gate-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" class="btn btn-primary btn-block" disabled={busy}>
          {t('login.submit')}
        </button>
        <p class="gate-hint">{t('login.hint')}</p>
      </form>
    </div>
  );
}
