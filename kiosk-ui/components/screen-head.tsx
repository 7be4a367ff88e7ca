import type { Kiosk } from '../store.ts';
import { t } from '../i18n/index.ts';
import { Icon } from './icons.tsx';
import { Clock } from './clock.tsx';
import { HelpButton } from './help.tsx';

/**
 * The bar above every screen but home: where you are, the time, 帮办, and the ways back. The back and
 * home buttons never wrap (返回首页 stays on one line in 长者模式); a long title wraps instead.
 */
export function ScreenHead({ k, title, back }: { k: Kiosk; title: string; back?: () => void }) {
  const hall = k.hall.value;
  return (
    <header class="screen-head">
      <div class="screen-head-row">
        <span class="screen-hall">{hall?.hall.name}</span>
        <span class="screen-head-end">
          {hall && <Clock offset={k.clockOffset.value} timeZone={hall.hall.timezone} />}
          <HelpButton k={k} />
        </span>
      </div>
      <div class="screen-head-row">
        {back ? (
          <button type="button" class="btn btn-secondary btn-back" data-action="back" onClick={back}>
            <Icon name="back" /> {t('common.back')}
          </button>
        ) : (
          <span />
        )}
        <h1 class="screen-title">{title}</h1>
        <button type="button" class="btn btn-secondary btn-home" data-action="home" onClick={() => k.home()}>
          <Icon name="home" /> {t('common.home')}
        </button>
      </div>
    </header>
  );
}
