import type { FieldTypeDef } from '../types';

/** textarea: Multi-line text. */
export const textareaType: FieldTypeDef = {
  type: 'textarea',
  textual: true,
  plainDefault: true,
  simulated: true,
  sample: (s) => s.key,
  palette: 1,
  maxLength: 10000,
  widget: 'textarea',
  defaultProperty: (meta) => ({ type: 'string', 'x-formloom': meta }),
};
