import type { FieldTypeDef } from '../types';
import { option } from '../options';

/** select: One of the options. */
export const selectType: FieldTypeDef = {
  type: 'select',
  plainDefault: true,
  oneOption: true,
  simulated: true,
  palette: 6,
  options: true,
  defaultProperty: (meta) => ({ type: 'string', enum: ['option1', 'option2'], 'x-formloom': { ...meta, options: [option(1), option(2)] } }),
};
