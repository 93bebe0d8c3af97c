import type { FieldTypeDef } from '../types';

/** subform: Rows of a small form of their own. */
export const subformType: FieldTypeDef = {
  type: 'subform',
  notInRows: true,
  rows: true,
  list: true,
  notCompared: true,
  palette: 15,
  filter: 'none',
  sample: (s) => {
    const items = s.prop.items;
    const row = s.record(typeof items === 'object' && items !== null && !Array.isArray(items) ? (items as Record<string, unknown>) : {});
    return [row, { ...row }];
  },
  defaultProperty: (meta) => ({
    type: 'array',
    items: {
      type: 'object',
      properties: { item: { type: 'string', 'x-formloom': { type: 'text', label: { 'zh-CN': '名称', en: 'Item' } } } },
    },
    'x-formloom': meta,
  }),
};
