import { LoginForm } from '../../ui-kit/components/login-form.tsx';
import { t } from '../i18n.ts';
import type { StaffMe } from '../types.ts';

export interface LoginProps {
  hallName: string;
  login(badge: string, password: string): Promise<StaffMe>;
  onDone(me: StaffMe): void;
}

/** Badge and password; Enter submits from either field. */
export function Login({ hallName, login, onDone }: LoginProps) {
  return (
    <LoginForm
      labels={{ title: t('login.title'), badge: t('login.badge'), password: t('login.password'), submit: t('login.submit'), required: t('login.required') }}
      header={
        <>
          <div class="gate-hall">{hallName}</div>
          <h1 class="gate-title">{t('login.title')}</h1>
        </>
      }
      footer={<p class="gate-hint">{t('login.hint')}</p>}
      errorClass="gate-error"
      login={async (badge, password) => onDone(await login(badge, password))}
    />
  );
}
