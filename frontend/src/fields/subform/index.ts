import type { FieldTypeDef } from '../types';

/** subform: Rows of a small form of their own. */
export const subformType: FieldTypeDef = {
  type: 'subform',
  palette: 15,
  filter: 'none',
  defaultProperty: (meta) => ({
    type: 'array',
    items: {
      type: 'object',
      properties: { item: { type: 'string', 'x-formloom': { type: 'text', label: { 'zh-CN': '名称', en: 'Item' } } } },
    },
    'x-formloom': meta,
  }),
};
