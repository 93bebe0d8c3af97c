import { designersEn } from '../features/designers/locales/en';
import { designersZhCN } from '../features/designers/locales/zh-CN';
import { formsEn } from '../features/designers/form/locales/en';
import { formsZhCN } from '../features/designers/form/locales/zh-CN';
import { flowEn } from '../features/designers/flow/locales/en';
import { flowZhCN } from '../features/designers/flow/locales/zh-CN';
import { notifyEn } from '../features/notify/locales/en';
import { notifyZhCN } from '../features/notify/locales/zh-CN';
import { searchEn } from '../features/search/locales/en';
import { searchZhCN } from '../features/search/locales/zh-CN';
import { enduserEn } from '../features/records/locales/en';
import { enduserZhCN } from '../features/records/locales/zh-CN';
import type { Widen } from './locales/types';

/**
 * Feature namespaces: each feature keeps its texts beside its code, in a namespace of its
 * own (`useTranslation('designers')`), so features grow without one shared list. Add one line
 * per feature in both maps; the Widen type keeps the Chinese keys the same as the English.
 */
export const namespacesEn = {
  designers: designersEn,
  forms: formsEn,
  flow: flowEn,
  search: searchEn,
  notify: notifyEn,
  enduser: enduserEn,
};

export const namespacesZhCN: { [K in keyof typeof namespacesEn]: Widen<(typeof namespacesEn)[K]> } = {
  designers: designersZhCN,
  forms: formsZhCN,
  flow: flowZhCN,
  search: searchZhCN,
  notify: notifyZhCN,
  enduser: enduserZhCN,
};
