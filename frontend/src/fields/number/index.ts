import type { FieldTypeDef } from '../types';

/** number: A number. */
export const numberType: FieldTypeDef = {
  type: 'number',
  plainDefault: true,
  simulated: true,
  sample: () => 1,
  palette: 2,
  numeric: true,
  defaultProperty: (meta) => ({ type: 'number', 'x-formloom': meta }),
};
