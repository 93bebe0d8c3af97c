import type { FieldTypeDef } from '../types';
import { buildPattern, DEFAULT_PARTS } from './model';

/** serial: A number the server allocates from a pattern. */
export const serialType: FieldTypeDef = {
  type: 'serial',
  notInRows: true,
  numbersRecord: true,
  textual: true,
  palette: 19,
  computed: true,
  notEntered: true,
  defaultProperty: (meta) => ({ type: 'string', readOnly: true, 'x-formloom': { ...meta, pattern: buildPattern(DEFAULT_PARTS) } }),
};
