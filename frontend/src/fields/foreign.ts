import type { FieldTypeDef } from './types';
import { fieldType } from './registry';

/**
 * Types of other products' schemas (brought-in templates): the server keeps them as they
 * are but does not register them, so they are not in FIELD_TYPES; this is what the UI
 * still knows of them. Their files are not offered as filters and generated forms leave
 * them out; an autonumber is filled by the product it came from, never by a person.
 */
export const FOREIGN_TYPES: Readonly<Record<string, FieldTypeDef>> = {
  image: { type: 'image', files: true, notEntered: true, filter: 'none' },
  file: { type: 'file', files: true, notEntered: true, filter: 'none' },
  autonumber: { type: 'autonumber', computed: true, notEntered: true },
};

/** anyFieldType returns a registered type's definition, else a foreign type's; undefined for others. */
export function anyFieldType(type: string | undefined): FieldTypeDef | undefined {
  return fieldType(type) ?? (type !== undefined && Object.hasOwn(FOREIGN_TYPES, type) ? FOREIGN_TYPES[type] : undefined);
}
