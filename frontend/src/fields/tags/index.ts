import type { FieldTypeDef } from '../types';

/** tags: A list of free texts (brought-in JSON Schemas). */
export const tagsType: FieldTypeDef = {
  type: 'tags',
  list: true,
  unmatched: true,
};
