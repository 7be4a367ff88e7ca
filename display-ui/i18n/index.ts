import { createI18n } from '../../ui-kit/i18n.ts';
import { en } from './en.ts';
import { zh } from './zh.ts';

export type DisplayKey = keyof typeof zh;

/** The display pages' strings; `?lang=en` switches a screen to English (zh-CN by default). */
export const { locale, t } = createI18n(zh, en);
