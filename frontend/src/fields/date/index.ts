import type { FieldTypeDef } from '../types';

/** date: A date (YYYY-MM-DD). */
export const dateType: FieldTypeDef = {
  type: 'date',
  plainDefault: true,
  date: 'date',
  simulated: true,
  sample: (s) => s.nextDate(),
  palette: 4,
  defaultProperty: (meta) => ({ type: 'string', format: 'date', 'x-formloom': meta }),
};
