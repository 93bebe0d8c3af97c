import { describe as suite, expect, it } from 'vitest';
import { compile, describe, parse, type FlowField, type RuleGroup } from './conditions';

const fields: FlowField[] = [
  { key: 'amount', label: { zh: '金额', en: 'Amount' }, type: 'number', numeric: true, options: [] },
  {
    key: 'type',
    label: { zh: '合同类型', en: 'Type' },
    type: 'select',
    numeric: false,
    options: [
      { value: 'sales', label: { zh: '销售合同', en: 'Sales' } },
      { value: 'purchase', label: { zh: '采购合同', en: 'Purchase' } },
    ],
  },
  { key: 'title', label: { zh: '标题', en: 'Title' }, type: 'text', numeric: false, options: [] },
];

suite('branch conditions', () => {
  it('compiles rules and groups to the expression language', () => {
    const g: RuleGroup = {
      combinator: 'and',
      rules: [
        { field: 'amount', operator: '>=', value: '100000' },
        { combinator: 'or', rules: [{ field: 'type', operator: '=', value: 'sales' }, { field: 'title', operator: 'contains', value: '框架' }] },
      ],
    };
    expect(compile(g, fields)).toBe('amount >= 100000 && (type == "sales" || title contains "框架")');
  });

  it('leaves out incomplete rules and unknown fields', () => {
    expect(compile({ combinator: 'and', rules: [{ field: 'amount', operator: '>', value: '' }, { field: 'gone', operator: '=', value: 'x' }] }, fields)).toBe('');
  });

  it.each([
    'amount >= 100000 && (type == "sales" || title contains "框架")',
    'type in ["sales", "purchase"]',
    'not (type in ["sales"])',
    'title == nil || amount != nil',
    'validity == "invalid"',
  ])('reads back %s as it wrote it', (src) => {
    const g = parse(src);
    expect(g).toBeDefined();
    expect(compile(g!, fields.concat({ key: 'validity', label: { zh: '有效性', en: 'Validity' }, type: 'select', numeric: false, options: [] }))).toBe(src);
  });

  it('keeps expressions outside its subset as written', () => {
    expect(parse('DATEDIF(startDate, TODAY(), "day") > 3')).toBeUndefined();
    expect(parse('a && b || c')).toBeUndefined();
    expect(describe('DATEDIF(startDate, TODAY(), "day") > 3', fields, 'en')).toBe('DATEDIF(startDate, TODAY(), "day") > 3');
  });

  it('says a condition in words with labels and option labels', () => {
    const src = 'amount >= 100000 && (type == "sales" || title contains "框架")';
    expect(describe(src, fields, 'zh-CN')).toBe('金额 不小于 100000 且 (合同类型 等于 “销售合同” 或 标题 包含 “框架”)');
    expect(describe(src, fields, 'en')).toBe('Amount is at least 100000 and (Type is “Sales” or Title contains “框架”)');
    expect(describe('type in ["sales", "purchase"]', fields, 'en')).toBe('Type is one of “Sales”, “Purchase”');
  });
});
