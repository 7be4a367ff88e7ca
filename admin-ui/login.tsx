import { LoginResult, Ok } from '../contract/responses.ts';
import { api } from '../ui-kit/api.ts';
import { LoginForm } from '../ui-kit/components/login-form.tsx';
import { t } from './i18n/index.ts';
import type { StaffMe } from './lib/context.ts';

/** Badge and password; staff without a supervisor or admin role are told so rather than let in. */
export function Login({ onDone, notice }: { onDone(me: StaffMe): void; notice?: string | null }) {
  const login = async (badge: string, password: string) => {
    const { expiresAt: _e, ...r } = await api('/api/auth/login', LoginResult, { method: 'POST', body: { badge, password } });
    if (r.role === 'staff') {
      await api('/api/auth/logout', Ok, { method: 'POST', body: {} }).catch(() => undefined);
      throw new Error(t('login.notSupervisor'));
    }
    onDone({ kind: 'staff', ...r });
  };
  return (
    <LoginForm
      labels={{ title: t('login.title'), badge: t('login.badge'), password: t('login.password'), submit: t('login.submit'), required: t('login.required') }}
      header={
        <>
          <h1>{t('app.title')}</h1>
          <p class="muted">{t('login.subtitle')}</p>
        </>
      }
      notice={notice ?? null}
      login={login}
    />
  );
}
