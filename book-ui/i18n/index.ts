import { createI18n } from '../../ui-kit/i18n.ts';
import { en } from './en.ts';
import { zh, type BookKey } from './zh.ts';

/** The booking page's dictionaries; one locale signal for every screen. */
export const { locale, t } = createI18n<Record<BookKey, string>>(zh, en);
export type { BookKey };
