import type { JsonObject } from '../features/designers/form/designer';

/** option is the n-th option a new choice field starts with. */
export const option = (n: number): JsonObject => ({ value: `option${n}`, label: { 'zh-CN': `选项${n}`, en: `Option ${n}` } });
