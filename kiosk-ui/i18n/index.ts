import { createI18n } from '../../ui-kit/i18n.ts';
import { en } from './en.ts';
import { zh, type KioskKey } from './zh.ts';

/** The kiosk's dictionaries; one locale signal shared by every screen. */
export const { locale, t } = createI18n<Record<KioskKey, string>>(zh, en);
export type { KioskKey };
