import type { Localized } from '../api/types';

/** localized picks the text for the UI language: that language, else English, else Chinese, else any. */
export function localized(value: Localized | undefined, language: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  const lang = language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
  return value[lang] ?? value.en ?? value['zh-CN'] ?? Object.values(value).find((v) => typeof v === 'string') ?? '';
}
