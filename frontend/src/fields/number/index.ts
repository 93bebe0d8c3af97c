import type { FieldTypeDef } from '../types';

/** number: A number. */
export const numberType: FieldTypeDef = {
  type: 'number',
  palette: 2,
  defaultProperty: (meta) => ({ type: 'number', 'x-formloom': meta }),
};
