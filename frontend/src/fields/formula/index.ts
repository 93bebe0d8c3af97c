import type { FieldTypeDef } from '../types';

/** formula: A value the server computes from an expression. */
export const formulaType: FieldTypeDef = {
  type: 'formula',
  expression: true,
  palette: 18,
  computed: true,
  notEntered: true,
  defaultProperty: (meta) => ({ type: 'number', readOnly: true, 'x-formloom': { ...meta, expr: '0' } }),
};
