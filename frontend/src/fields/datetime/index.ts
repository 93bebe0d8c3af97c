import type { FieldTypeDef } from '../types';

/** datetime: A date and time. */
export const datetimeType: FieldTypeDef = {
  type: 'datetime',
  plainDefault: true,
  date: 'datetime',
  simulated: true,
  sample: () => '2026-12-04T09:00:00.000Z',
  palette: 5,
  defaultProperty: (meta) => ({ type: 'string', format: 'date-time', 'x-formloom': meta }),
};
