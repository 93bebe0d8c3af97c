import type { FieldTypeDef } from '../types';

/** checkbox: Yes or no. */
export const checkboxType: FieldTypeDef = {
  type: 'checkbox',
  plainDefault: true,
  yesNo: true,
  sample: () => true,
  palette: 8,
  defaultProperty: (meta) => ({ type: 'boolean', 'x-formloom': meta }),
};
