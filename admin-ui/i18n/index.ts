import { createI18n } from '../../ui-kit/i18n.ts';
import { en } from './en.ts';
import { zh } from './zh.ts';

export type AdminKey = keyof typeof zh;

/** The console's strings; zh-CN by default, English from the sidebar switch or `?lang=en`. */
export const { locale, t } = createI18n(zh, en);
