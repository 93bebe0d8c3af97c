import { designersEn } from '../features/designers/locales/en';
import { designersZhCN } from '../features/designers/locales/zh-CN';
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
  enduser: enduserEn,
};

export const namespacesZhCN: { [K in keyof typeof namespacesEn]: Widen<(typeof namespacesEn)[K]> } = {
  designers: designersZhCN,
  enduser: enduserZhCN,
};
