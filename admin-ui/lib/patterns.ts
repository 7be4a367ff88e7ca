import { t } from '../i18n/index.ts';

/**
 * The formats of contract/config.ts, checked in the browser too so a wrong code is said beside the
 * field together with every 必填 of the same form (the server checks them again).
 */
export const CODE_PATTERN = () => ({ re: /^[A-Za-z0-9_-]{1,32}$/, message: t('issue.code') });
export const PREFIX_PATTERN = () => ({ re: /^[A-Z]{1,2}$/, message: t('issue.prefix') });
export const BADGE_PATTERN = () => ({ re: /^[A-Za-z0-9]{2,16}$/, message: t('issue.badge') });
