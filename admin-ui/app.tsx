import { useEffect, useMemo, useState } from 'preact/hooks';
import type { HallInfo } from '../contract/config.ts';
import { HallSettings, Me, Ok } from '../contract/responses.ts';
import { api } from '../ui-kit/api.ts';
import { locale, t } from './i18n/index.ts';
import { Console, type StaffMe } from './lib/context.ts';
import { AdminLive } from './lib/live.ts';
import { setHallZone } from './lib/time.ts';
import { Login } from './login.tsx';
import { CONFIG_NAMES, go, route, type ConfigName, type Route } from './routes.ts';
import { AuditScreen } from './screens/audit/audit-screen.tsx';
import { PushScreen } from './screens/push/push-screen.tsx';
import { pt } from './screens/push/labels.ts';
import { CasesScreen } from './screens/cases/cases-screen.tsx';
import { ConfigEntityScreen, type EntityScreenName } from './screens/config/config-screens.tsx';
import { RulesScreen } from './screens/config/rules-screen.tsx';
import { WebhooksScreen } from './screens/config/webhooks-screen.tsx';
import { StatsScreen } from './screens/stats/stats-screen.tsx';
import { SupervisionScreen } from './screens/supervision/supervision-screen.tsx';

function NavLink({ to, label, badge }: { to: Route; label: string; badge?: number }) {
  const r = route.value;
  const active = r.screen === to.screen && (r.screen !== 'config' || (to.screen === 'config' && r.name === to.name));
  return (
    <a
      href="#"
      class={`nav-link${active ? ' nav-active' : ''}`}
      aria-current={active ? 'page' : undefined}
      onClick={(e) => {
        e.preventDefault();
        go(to);
      }}
    >
      <span>{label}</span>
      {badge ? <span class="nav-badge">{badge}</span> : null}
    </a>
  );
}

function Shell({ me, live, hallName, onLogout }: { me: StaffMe; live: AdminLive; hallName: string; onLogout(): void }) {
  const r = route.value;
  const alerts = live.alerts.value?.length ?? 0;
  const configs = CONFIG_NAMES.filter((n) => n !== 'webhooks' || me.role === 'admin');
  const screen = (() => {
    switch (r.screen) {
      case 'supervision':
        return <SupervisionScreen onOpenCase={(id) => go({ screen: 'cases', id })} />;
      case 'stats':
        return <StatsScreen />;
      case 'cases':
        return <CasesScreen openId={r.id} onOpen={(id) => go({ screen: 'cases', id })} />;
      case 'audit':
        return <AuditScreen />;
      case 'push':
        return <PushScreen />;
      case 'config':
        if (r.name === 'rules') return <RulesScreen />;
        if (r.name === 'webhooks') return me.role === 'admin' ? <WebhooksScreen /> : <p class="error-line">{t('app.adminOnly')}</p>;
        return <ConfigEntityScreen name={r.name as EntityScreenName} />;
    }
  })();
  return (
    <div class="shell">
      <nav class="nav" aria-label={t('app.nav')}>
        <div class="brand">
          <b>{t('app.title')}</b>
          <small>{hallName}</small>
        </div>
        <NavLink to={{ screen: 'supervision' }} label={t('nav.supervision')} badge={alerts} />
        <NavLink to={{ screen: 'stats' }} label={t('nav.stats')} />
        <NavLink to={{ screen: 'cases', id: null }} label={t('nav.cases')} />
        <NavLink to={{ screen: 'audit' }} label={t('nav.audit')} />
        <NavLink to={{ screen: 'push' }} label={pt('nav')} />
        <div class="nav-group">{t('nav.config')}</div>
        {configs.map((n: ConfigName) => (
          <NavLink key={n} to={{ screen: 'config', name: n }} label={t(`nav.${n}`)} />
        ))}
        <div class="nav-foot">
          <div>
            {me.name}（{me.badge}）<span class="role">{t(`role.${me.role}`)}</span>
          </div>
          <div class="nav-foot-actions">
            <button type="button" class="btn btn-small" onClick={() => (locale.value = locale.value === 'en' ? 'zh-CN' : 'en')}>
              {locale.value === 'en' ? '中文' : 'English'}
            </button>
            <button type="button" class="btn btn-small" onClick={onLogout}>
              {t('app.logout')}
            </button>
          </div>
          <div class={`live-dot${live.stream.connected.value ? ' live-on' : ''}`}>{live.stream.connected.value ? t('live.on') : t('live.off')}</div>
        </div>
      </nav>
      <main class="main">{screen}</main>
    </div>
  );
}

/** The console: who is signed in decides whether the login or the shell shows; the live link follows the session. */
export function App() {
  const [me, setMe] = useState<StaffMe | null | undefined>(undefined);
  const [hall, setHall] = useState<HallInfo | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    if (new URLSearchParams(location.search).get('lang') === 'en') locale.value = 'en';
    api('/api/auth/me', Me).then(
      (r) => setMe(r.kind === 'staff' && r.role !== 'staff' ? r : null),
      () => setMe(null),
    );
  }, []);
  useEffect(() => {
    if (!me) return;
    api('/api/admin/settings', HallSettings).then(
      (s) => {
        setHallZone(s.hall.timezone);
        setHall(s.hall);
        document.title = `${t('app.title')} · ${s.hall.name}`;
      },
      () => undefined,
    );
  }, [me]);
  const live = useMemo(() => (me ? new AdminLive() : null), [me?.badge]);
  useEffect(() => () => live?.close(), [live]);
  if (me === undefined) return <div class="gate">{t('common.loading')}</div>;
  if (!me || !live) return <Login notice={notice} onDone={setMe} />;
  const ctx = { me, canEdit: me.role === 'admin', live };
  return (
    <Console.Provider value={ctx}>
      <Shell
        me={me}
        live={live}
        hallName={hall?.name ?? ''}
        onLogout={async () => {
          await api('/api/auth/logout', Ok, { method: 'POST', body: {} }).catch(() => undefined);
          setNotice(null);
          setMe(null);
        }}
      />
    </Console.Provider>
  );
}
