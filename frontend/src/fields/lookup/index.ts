import type { FieldTypeDef } from '../types';

/** lookup: A field of the related record, copied by the server. */
export const lookupType: FieldTypeDef = {
  type: 'lookup',
  copied: true,
  computed: true,
  raw: true,
  notEntered: true,
};
