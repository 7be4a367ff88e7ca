import { signal } from '@preact/signals';

export type Locale = 'zh-CN' | 'en';
export type Dictionary = Record<string, string>;

/**
 * Every string a UI shows lives in its dictionaries; `t(key, params)` fills {placeholders}. zh-CN is the
 * default; a missing English string falls back to Chinese rather than showing a key.
 */
export function createI18n<D extends Dictionary>(zh: D, en: Partial<Record<keyof D, string>>) {
  const locale = signal<Locale>('zh-CN');
  const t = (key: keyof D, params: Record<string, string | number> = {}): string => {
    const template = (locale.value === 'en' ? en[key] : undefined) ?? zh[key] ?? String(key);
    return template.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));
  };
  return { locale, t };
}
