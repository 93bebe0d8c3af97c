import type { FieldTypeDef } from '../types';

/** signature: A handwritten signature (手写签名), drawn on the screen and kept as one PNG file. */
export const signatureType: FieldTypeDef = {
  type: 'signature',
  files: true,
  drawn: true,
  list: true,
  notCompared: true,
  palette: 14.5,
  widget: 'SignatureWidget',
  filter: 'none',
  defaultProperty: (meta) => ({ type: 'array', items: { type: 'string' }, maxItems: 1, 'x-formloom': meta }),
};
