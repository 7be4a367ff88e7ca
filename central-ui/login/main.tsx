import { render } from 'preact';
import { z } from 'zod';
import { CentralMe } from '../../contract/central/api.ts';
import { api } from '../../ui-kit/api.ts';
import { LoginForm } from '../../ui-kit/components/login-form.tsx';
import { t } from '../i18n.ts';
import { CONSOLE_PAGE, loadMe } from '../lib/session.ts';
import '../styles.css';

const LoginAnswer = z.object({ me: CentralMe }).or(CentralMe);

/** Only same-site paths: a crafted ?next= never sends a supervisor elsewhere. */
function nextPage(): string {
  const next = new URLSearchParams(location.search).get('next');
  return next && next.startsWith('/') && !next.startsWith('//') ? next : CONSOLE_PAGE;
}

function Login() {
  const expired = new URLSearchParams(location.search).get('reason') === 'expired';
  const login = async (username: string, password: string) => {
    await api('/api/auth/login', LoginAnswer, { method: 'POST', body: { username, password } });
    location.assign(nextPage());
  };
  return (
    <LoginForm
      labels={{ title: t('login.title'), badge: t('login.user'), password: t('login.password'), submit: t('login.submit'), required: t('login.required') }}
      header={
        <>
          <h1>{t('app.title')}</h1>
          <p class="muted">{t('login.subtitle')}</p>
        </>
      }
      notice={expired ? t('login.expired') : null}
      login={login}
    />
  );
}

// Already signed in: straight to the console.
loadMe().then(
  (me) => (me ? location.replace(nextPage()) : render(<Login />, document.getElementById('app')!)),
  () => render(<Login />, document.getElementById('app')!),
);
