import type { JsonObject } from '../features/designers/form/designer';

/** option is the n-th option a new choice field starts with. */
export const option = (n: number): JsonObject => ({ value: `option${n}`, label: { 'zh-CN': `选项${n}`, en: `Option ${n}` } });

/** A value option() or the options editor generated, not one the designer chose ("option3"). */
export const PLACEHOLDER_VALUE = /^option\d+$/;

/** An English label option() or the options editor generated ("Option 3"). */
export const PLACEHOLDER_EN = /^Option \d+$/;
