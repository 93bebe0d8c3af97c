import type { FieldTypeDef } from '../types';

/** serial: A number the server allocates from a pattern. */
export const serialType: FieldTypeDef = {
  type: 'serial',
  notInRows: true,
  textual: true,
  palette: 18,
  computed: true,
  raw: true,
  notEntered: true,
  defaultProperty: (meta) => ({ type: 'string', readOnly: true, 'x-formloom': { ...meta, pattern: 'NO-{yyyy}-{seq:6}' } }),
};
