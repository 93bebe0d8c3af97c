import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './locales/en';
import { zhCN } from './locales/zh-CN';
import { namespacesEn, namespacesZhCN } from './namespaces';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const resources = {
  'zh-CN': { translation: zhCN, ...namespacesZhCN },
  en: { translation: en, ...namespacesEn },
} as const;

/** Where the user's explicit choice is remembered between visits. */
export const LANGUAGE_STORAGE_KEY = 'formloom.lang';

export function isLanguage(v: unknown): v is Language {
  return typeof v === 'string' && (LANGUAGES as readonly string[]).includes(v);
}

/**
 * detectLanguage picks the UI language: the stored choice if any, else the first browser
 * language that is Chinese or English (so a browser that prefers Chinese gets zh-CN),
 * else English.
 */
export function detectLanguage(stored: string | null, browser: readonly string[]): Language {
  if (isLanguage(stored)) return stored;
  for (const tag of browser) {
    const lower = tag.toLowerCase();
    if (lower === 'zh' || lower.startsWith('zh-')) return 'zh-CN';
    if (lower === 'en' || lower.startsWith('en-')) return 'en';
  }
  return 'en';
}

function readStored(): string | null {
  try {
    return globalThis.localStorage?.getItem(LANGUAGE_STORAGE_KEY) ?? null;
  } catch {
    return null; // storage can be disabled; fall back to the browser's preference
  }
}

function browserLanguages(): readonly string[] {
  const nav = globalThis.navigator;
  if (!nav) return [];
  if (nav.languages && nav.languages.length > 0) return nav.languages;
  return nav.language ? [nav.language] : [];
}

/** createI18n makes the i18next instance the app uses, already initialised. */
export function createI18n(lng: Language = detectLanguage(readStored(), browserLanguages())): I18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources,
    lng,
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
    initAsync: false,
  });
  instance.on('languageChanged', (l) => {
    if (typeof document !== 'undefined') document.documentElement.lang = l;
  });
  if (typeof document !== 'undefined') document.documentElement.lang = lng;
  return instance;
}

/** The current language of an instance, always one of LANGUAGES. */
export function currentLanguage(instance: I18n): Language {
  const l = instance.resolvedLanguage ?? instance.language;
  return isLanguage(l) ? l : 'en';
}

/** setLanguage switches the UI language and remembers the choice. */
export async function setLanguage(instance: I18n, lng: Language): Promise<void> {
  try {
    globalThis.localStorage?.setItem(LANGUAGE_STORAGE_KEY, lng);
  } catch {
    // not remembered; the switch still applies to this visit
  }
  await instance.changeLanguage(lng);
}
