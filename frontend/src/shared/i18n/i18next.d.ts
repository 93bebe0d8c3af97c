import 'i18next';
import type { en } from './locales/en';
import type { namespacesEn } from './namespaces';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en } & typeof namespacesEn;
  }
}
