import type { FieldTypeDef } from '../types';

/** phone: A phone number. */
export const phoneType: FieldTypeDef = {
  type: 'phone',
  textual: true,
  plainDefault: true,
  simulated: true,
  palette: 9,
  defaultProperty: (meta) => ({ type: 'string', 'x-formloom': meta }),
};
