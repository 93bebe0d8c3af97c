import type { FieldTypeDef } from './types';
import { textType } from './text';
import { textareaType } from './textarea';
import { numberType } from './number';
import { moneyType } from './money';
import { dateType } from './date';
import { datetimeType } from './datetime';
import { selectType } from './select';
import { multiselectType } from './multiselect';
import { checkboxType } from './checkbox';
import { phoneType } from './phone';
import { emailType } from './email';
import { urlType } from './url';
import { memberType } from './member';
import { departmentType } from './department';
import { attachmentType } from './attachment';
import { signatureType } from './signature';
import { subformType } from './subform';
import { relationType } from './relation';
import { formulaType } from './formula';
import { serialType } from './serial';
import { lookupType } from './lookup';
import { tagsType } from './tags';
import { groupType } from './group';

/** Every field type the server knows, by name: the one table the UI looks types up in. */
export const FIELD_TYPES: Readonly<Record<string, FieldTypeDef>> = Object.fromEntries(
  [textType, textareaType, numberType, moneyType, dateType, datetimeType, selectType, multiselectType, checkboxType, phoneType, emailType, urlType, memberType, departmentType, attachmentType, signatureType, subformType, relationType, formulaType, serialType, lookupType, tagsType, groupType].map((d) => [d.type, d]),
);

/** fieldType returns a type's definition; undefined for types the format does not have. */
export function fieldType(type: string | undefined): FieldTypeDef | undefined {
  return type !== undefined && Object.hasOwn(FIELD_TYPES, type) ? FIELD_TYPES[type] : undefined;
}

/** The types the designer's palette offers, in its order. */
export const PALETTE_TYPES: readonly string[] = Object.values(FIELD_TYPES)
  .filter((d) => d.palette !== undefined)
  .sort((a, b) => a.palette! - b.palette!)
  .map((d) => d.type);
