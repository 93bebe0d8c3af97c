import type { FieldTypeDef } from '../types';

/** group: A nested object kept as one value (brought-in JSON Schemas). */
export const groupType: FieldTypeDef = {
  type: 'group',
  object: true,
};
