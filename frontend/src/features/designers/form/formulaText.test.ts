import { CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { EditorState } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { inString, matchNames, nameCompletions, nameEntries, nameRanges } from './formulaText';
import { formulaNames } from './model';

const schema = {
  type: 'object',
  properties: {
    baoXiaoJinE: { type: 'number', 'x-formloom': { type: 'money', label: { 'zh-CN': '报销金额', en: 'Amount' } } },
    tianShu: { type: 'number', 'x-formloom': { type: 'number', label: { 'zh-CN': '天数' } } },
    items: {
      type: 'array',
      'x-formloom': { type: 'subform', label: { 'zh-CN': '明细' } },
      items: { type: 'object', properties: { price: { type: 'number', 'x-formloom': { type: 'money', label: { 'zh-CN': '单价' } } } } },
    },
    heJi: { type: 'number', readOnly: true, 'x-formloom': { type: 'formula', label: { 'zh-CN': '合计' } } },
  },
};
const names = nameEntries(formulaNames(schema, 'heJi'));
const known = new Set(names.map((n) => n.name));
const found = (expr: string) => nameRanges(expr, known).map((r) => expr.slice(r.from, r.to));

describe('nameRanges', () => {
  it('finds field keys and sub-form columns, a column as one name', () => {
    const expr = 'baoXiaoJinE * tianShu + SUM(items.price)';
    expect(nameRanges(expr, known)).toEqual([
      { from: 0, to: 11, name: 'baoXiaoJinE' },
      { from: 14, to: 21, name: 'tianShu' },
      { from: 28, to: 39, name: 'items.price' },
    ]);
  });

  it('leaves keys inside string literals alone, escaped quotes and unclosed strings included', () => {
    expect(found('CONCAT("tianShu: ", tianShu)')).toEqual(['tianShu']);
    expect(found("'it\\'s tianShu' + tianShu")).toEqual(['tianShu']);
    expect(found('`a\\` tianShu')).toEqual(['tianShu']);
    expect(found('tianShu + "baoXiaoJinE')).toEqual(['tianShu']);
  });

  it('leaves functions, members of other values, unknown names and numbers alone', () => {
    expect(found('tianShu(1) + x.tianShu + y?.tianShu + other + 2tianShu')).toEqual([]);
    expect(found('items.other + items')).toEqual(['items', 'items']);
    expect(found('1..tianShu')).toEqual(['tianShu']);
    expect(found('tianShu in [1, 2] and not baoXiaoJinE')).toEqual(['tianShu', 'baoXiaoJinE']);
  });
});

describe('inString', () => {
  it('tells a position inside a string literal', () => {
    expect(inString('"abc" + x', 2)).toBe(true);
    expect(inString('"abc" + x', 5)).toBe(false);
    expect(inString('"abc" + x', 9)).toBe(false);
    expect(inString('x + "ab', 7)).toBe(true);
    expect(inString('x + "a\\"b', 9)).toBe(true);
  });
});

describe('matchNames', () => {
  const shown = (typed: string) => matchNames(names, typed).map((n) => n.shown);

  it('finds a field by part of its label, its pinyin, its initials or its key', () => {
    expect(shown('金额')).toEqual(['报销金额']);
    expect(shown('jine')).toEqual(['报销金额']);
    expect(shown('bxje')).toEqual(['报销金额']);
    expect(shown('baoXiao')).toEqual(['报销金额']);
  });

  it('shows a column with its sub-form, and lists all for nothing typed', () => {
    expect(shown('单价')).toEqual(['明细.单价']);
    expect(shown('items.p')).toEqual(['明细.单价']);
    expect(shown('')).toEqual(['报销金额', '天数', '明细', '明细.单价']);
  });

  it('puts names starting with the word before those only holding it', () => {
    expect(shown('ming')).toEqual(['明细', '明细.单价']);
    expect(shown('shu')).toEqual(['天数']);
    const more = nameEntries([
      { name: 'shuLiang', label: '数量', type: 'number' },
      { name: 'tianShu', label: '天数', type: 'number' },
    ]);
    expect(matchNames(more, 'shu').map((n) => n.name)).toEqual(['shuLiang', 'tianShu']);
    expect(matchNames(more, 'tian').map((n) => n.name)).toEqual(['tianShu']);
  });

  it('labels in English for English readers', () => {
    expect(nameEntries(formulaNames(schema, 'heJi', 'en'))[0]?.shown).toBe('Amount');
  });
});

describe('nameCompletions', () => {
  const complete = (doc: string, explicit = false) =>
    nameCompletions(names)(new CompletionContext(EditorState.create({ doc }), doc.length, explicit)) as CompletionResult | null;

  it('offers fields by label, shown by label with the key beside, inserting the key', () => {
    const r = complete('2 * 金额');
    expect(r?.from).toBe(4);
    expect(r?.filter).toBe(false);
    expect(r?.options).toEqual([{ label: '报销金额', detail: 'baoXiaoJinE', apply: 'baoXiaoJinE', type: 'variable' }]);
    expect(complete('2 * jine')?.options.map((o) => o.apply)).toEqual(['baoXiaoJinE']);
    expect(complete('SUM(items.pr')?.options.map((o) => o.apply)).toEqual(['items.price']);
  });

  it('offers nothing inside a string, nor when nothing matches; everything when asked with nothing typed', () => {
    expect(complete('CONCAT("金额')).toBeNull();
    expect(complete('2 * xyz')).toBeNull();
    expect(complete('2 * ')).toBeNull();
    expect(complete('2 * ', true)?.options).toHaveLength(4);
  });
});
