import type { FieldTypeDef } from '../types';

/** text: Single-line text. */
export const textType: FieldTypeDef = {
  type: 'text',
  namesRecord: true,
  textual: true,
  plainDefault: true,
  simulated: true,
  sample: (s) => s.key,
  palette: 0,
  maxLength: 200,
  defaultProperty: (meta) => ({ type: 'string', 'x-formloom': meta }),
};
