import type { FieldTypeDef } from '../types';

/** datetime: A date and time. */
export const datetimeType: FieldTypeDef = {
  type: 'datetime',
  palette: 5,
  defaultProperty: (meta) => ({ type: 'string', format: 'date-time', 'x-formloom': meta }),
};
