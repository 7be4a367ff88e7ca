import { useState } from 'preact/hooks';
import { api } from '../ui-kit/api.ts';
import { t } from './i18n/index.ts';
import type { StaffMe } from './lib/context.ts';

/** Badge and password; staff without a supervisor or admin role are told so rather than let in. */
export function Login({ onDone, notice }: { onDone(me: StaffMe): void; notice?: string | null }) {
  const [badge, setBadge] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(notice ?? null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    if (!badge.trim() || !password) return setError(t('login.required'));
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ badge: string; name: string; role: StaffMe['role']; window: number | null }>('POST', '/api/auth/login', { badge: badge.trim(), password });
      if (r.role === 'staff') {
        await api('POST', '/api/auth/logout', {}).catch(() => undefined);
        setError(t('login.notSupervisor'));
        setPassword('');
        return;
      }
      onDone({ kind: 'staff', ...r });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="gate">
      <form class="gate-card" onSubmit={submit} aria-label={t('login.title')}>
        <h1>{t('app.title')}</h1>
        <p class="muted">{t('login.subtitle')}</p>
        <label class="field">
          <span>{t('login.badge')}</span>
          <input name="badge" autoFocus autoComplete="username" value={badge} maxLength={16} onInput={(e) => setBadge((e.target as HTMLInputElement).value)} />
        </label>
        <label class="field">
          <span>{t('login.password')}</span>
          <input name="password" type="password" autoComplete="current-password" value={password} maxLength={200} onInput={(e) => setPassword((e.target as HTMLInputElement).value)} />
        </label>
        {error ? (
          <p class="error-line" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" class="btn btn-primary btn-block" disabled={busy}>
          {t('login.submit')}
        </button>
      </form>
    </div>
  );
}
