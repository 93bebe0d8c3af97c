import type { FieldTypeDef } from '../types';

/** textarea: Multi-line text. */
export const textareaType: FieldTypeDef = {
  type: 'textarea',
  palette: 1,
  maxLength: 10000,
  widget: 'textarea',
  defaultProperty: (meta) => ({ type: 'string', 'x-formloom': meta }),
};
