import type { CentralMe } from '../../contract/central/api.ts';
import { t } from '../i18n.ts';
import { logout } from '../lib/session.ts';

export type Page = 'console' | 'stats' | 'evaluations';

const LINKS: { page: Page; href: string; label: () => string }[] = [
  { page: 'console', href: '/console', label: () => t('nav.console') },
  { page: 'stats', href: '/stats', label: () => t('nav.stats') },
  { page: 'evaluations', href: '/evaluations', label: () => t('nav.evaluations') },
];

/** The header of the signed-in pages: platform, navigation, the user's region and role, sign-out. */
export function TopBar({ me, page, live }: { me: CentralMe; page: Page; live?: boolean }) {
  return (
    <header class="top">
      <div class="top-brand">
        <b>{t('app.title')}</b>
        <span class="top-region">{me.region ? me.region.name : '全部地区'}</span>
      </div>
      <nav class="top-nav" aria-label="导航">
        {LINKS.map((l) => (
          <a key={l.page} href={l.href} class={`top-link${l.page === page ? ' top-active' : ''}`} aria-current={l.page === page ? 'page' : undefined}>
            {l.label()}
          </a>
        ))}
      </nav>
      <div class="top-user">
        {live !== undefined ? <span class={`live-dot${live ? ' live-on' : ''}`}>{live ? t('live.on') : t('live.off')}</span> : null}
        <span>
          {me.displayName}
          <span class="role">{t(`role.${me.role}`)}</span>
        </span>
        <button type="button" class="btn btn-small" onClick={() => void logout()}>
          {t('app.logout')}
        </button>
      </div>
    </header>
  );
}
