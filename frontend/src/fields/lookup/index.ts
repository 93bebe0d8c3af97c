import type { FieldTypeDef } from '../types';
import { newLookup } from './model';

/** lookup: A field of the related record, copied by the server. */
export const lookupType: FieldTypeDef = {
  type: 'lookup',
  copied: true,
  computed: true,
  palette: 17,
  notEntered: true,
  defaultProperty: (meta, ctx) => newLookup(meta, ctx.schema, ctx.doc),
};
