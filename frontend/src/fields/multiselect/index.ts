import type { FieldTypeDef } from '../types';
import { option } from '../options';

/** multiselect: Any of the options. */
export const multiselectType: FieldTypeDef = {
  type: 'multiselect',
  list: true,
  palette: 7,
  options: true,
  defaultProperty: (meta) => ({
    type: 'array',
    uniqueItems: true,
    items: { type: 'string', enum: ['option1', 'option2'] },
    'x-formloom': { ...meta, options: [option(1), option(2)] },
  }),
};
