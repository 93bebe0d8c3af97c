import { describe, expect, it } from 'vitest';
import { addField, renameField, type JsonObject, type Template } from './designer';
import {
  addColumn,
  columnDefaultOf,
  columnFields,
  columnKeys,
  columnOtherRequired,
  columnRequiredWhen,
  columnVisibleWhen,
  columnPath,
  columnProperty,
  columnView,
  editRowsSchema,
  moveColumn,
  removeColumn,
  renameColumn,
  replaceColumn,
  updateColumn,
  withColumnDefault,
  withColumnRequiredWhen,
  withColumnVisibleWhen,
  withRowLimits,
} from './subform';

const withItems = (): Template =>
  addField({ key: 'buy', forms: [{ key: 'request', schema: { type: 'object', properties: {} } }] }, 0, 'subform', 'items', { zh: '明细', en: 'Items' });

const rows = (t: Template) => (((t.forms[0]!.schema as JsonObject).properties as JsonObject).items as JsonObject).items as JsonObject;

describe('sub-form columns', () => {
  it('adds columns of palette types at the end or at a position, and refuses nested sub-forms and serials', () => {
    let t = withItems();
    t = addColumn(t, 0, 'items', 'number', 'qty', { zh: '数量', en: 'Qty' });
    t = addColumn(t, 0, 'items', 'money', 'price', { zh: '单价', en: 'Price' }, 1);
    expect(columnKeys(t.forms[0], 'items')).toEqual(['item', 'price', 'qty']);
    expect(columnProperty(t.forms[0], 'items.qty')).toEqual({ type: 'number', 'x-formloom': { type: 'number', label: { 'zh-CN': '数量', en: 'Qty' } } });
    expect(rows(t)).toMatchObject({ type: 'object' });
    expect(rows(t)).not.toHaveProperty('ui');
    expect(addColumn(t, 0, 'items', 'subform', 'inner', { zh: '子', en: '' })).toBe(t);
    expect(addColumn(t, 0, 'items', 'serial', 'no', { zh: '编号', en: '' })).toBe(t);
    expect(addColumn(t, 0, 'nothing', 'text', 'x', { zh: 'x', en: '' })).toBe(t);
  });

  it('a relation column links to another form of the app; a lookup column follows the relation beside it', () => {
    let t = withItems();
    t = { ...t, forms: [...t.forms, { key: 'product', schema: { type: 'object', properties: { sku: { type: 'string', 'x-formloom': { type: 'text' } } } } }] };
    t = addColumn(t, 0, 'items', 'relation', 'product', { zh: '产品', en: '' });
    expect(columnProperty(t.forms[0], 'items.product')).toMatchObject({ 'x-formloom': { form: 'product' } });
    t = addColumn(t, 0, 'items', 'lookup', 'sku', { zh: '编码', en: '' });
    expect(columnProperty(t.forms[0], 'items.sku')).toEqual({ readOnly: true, type: 'string', 'x-formloom': { type: 'lookup', label: { 'zh-CN': '编码' }, relation: 'product', field: 'sku' } });
    expect(t.forms).toHaveLength(2);
    // A panel's edit of the rows' schema lands in the rows, the rest of the form untouched.
    const next = editRowsSchema(t, 0, 'items', (s) => ({ ...s, description: 'rows' }));
    expect(rows(next).description).toBe('rows');
    expect(columnKeys(next.forms[0], 'items')).toEqual(columnKeys(t.forms[0], 'items'));
  });

  it('moves a column by rewriting the order of the rows\' properties', () => {
    let t = addColumn(addColumn(withItems(), 0, 'items', 'number', 'qty', { zh: '数量', en: '' }), 0, 'items', 'money', 'price', { zh: '单价', en: '' });
    t = moveColumn(t, 0, 'items', 2, 0);
    expect(Object.keys(rows(t).properties as JsonObject)).toEqual(['price', 'item', 'qty']);
    expect(t.forms[0]!.ui).toBeUndefined();
  });

  it('updates a column by path: labels, required among the rows, help under the column path', () => {
    let t = addColumn(withItems(), 0, 'items', 'number', 'qty', { zh: '数量', en: '' });
    t = updateColumn(t, 0, 'items.qty', { label: { zh: '数量', en: 'Quantity' }, required: true, minimum: 1, help: { zh: '至少 1', en: '' } });
    expect(rows(t).required).toEqual(['qty']);
    expect(columnProperty(t.forms[0], 'items.qty')).toMatchObject({ minimum: 1, 'x-formloom': { label: { en: 'Quantity' } } });
    expect(t.forms[0]!.ui).toEqual({ fields: { 'items.qty': { help: { 'zh-CN': '至少 1' } } } });
    expect(columnView(t.forms[0], 'items.qty')).toMatchObject({ key: 'qty', type: 'number', required: true, help: { zh: '至少 1' } });
    expect(t.forms[0]!.schema).not.toHaveProperty('required');
  });

  it('renames and removes a column with its required entry and ui settings', () => {
    let t = addColumn(withItems(), 0, 'items', 'number', 'qty', { zh: '数量', en: '' });
    t = updateColumn(t, 0, 'items.qty', { required: true, help: { zh: '说明', en: '' } });
    t = renameColumn(t, 0, 'items.qty', 'shuLiang');
    expect(columnKeys(t.forms[0], 'items')).toEqual(['item', 'shuLiang']);
    expect(rows(t).required).toEqual(['shuLiang']);
    expect(t.forms[0]!.ui).toEqual({ fields: { 'items.shuLiang': { help: { 'zh-CN': '说明' } } } });
    t = removeColumn(t, 0, 'items.shuLiang');
    expect(columnKeys(t.forms[0], 'items')).toEqual(['item']);
    expect(rows(t)).not.toHaveProperty('required');
    expect(t.forms[0]!.ui).toBeUndefined();
  });

  it('writes a formula column (qty × price) and the row limits', () => {
    let t = addColumn(withItems(), 0, 'items', 'formula', 'amount', { zh: '金额', en: 'Amount' });
    const prop = columnProperty(t.forms[0], 'items.amount')!;
    t = replaceColumn(t, 0, 'items.amount', { ...prop, 'x-formloom': { ...(prop['x-formloom'] as JsonObject), expr: 'qty * price' } });
    expect(columnProperty(t.forms[0], 'items.amount')).toMatchObject({ readOnly: true, 'x-formloom': { type: 'formula', expr: 'qty * price' } });
    t = withRowLimits(t, 0, 'items', 1, 20);
    expect(((t.forms[0]!.schema as JsonObject).properties as JsonObject).items).toMatchObject({ 'x-formloom': { minRows: 1, maxRows: 20 } });
    t = withRowLimits(t, 0, 'items', undefined, 20);
    expect((((t.forms[0]!.schema as JsonObject).properties as JsonObject).items as JsonObject)['x-formloom']).not.toHaveProperty('minRows');
  });

  it('reads column paths', () => {
    expect(columnPath('items.qty')).toEqual({ sub: 'items', col: 'qty' });
    expect(columnPath('items')).toBeUndefined();
    expect(columnPath('.x')).toBeUndefined();
  });
});

describe('sub-form column conditions', () => {
  const twoCols = () => addColumn(addColumn(withItems(), 0, 'items', 'number', 'qty', { zh: '数量', en: 'Qty' }), 0, 'items', 'text', 'reason', { zh: '原因', en: 'Reason' });
  const big = { properties: { qty: { minimum: 10 } }, required: ['qty'] };

  it('lists the row\'s other columns as what a column\'s condition may test', () => {
    const t = twoCols();
    expect(columnFields(t.forms[0], 'items', 'en', 'reason').map((f) => [f.key, f.label, f.kind])).toEqual([
      ['item', 'Item', 'string'],
      ['qty', 'Qty', 'number'],
    ]);
    expect(columnFields(t.forms[0], 'nothing', 'en')).toEqual([]);
  });

  it('writes a column\'s show-when under its path in ui.fields, where the server tests it on each row', () => {
    const t = withColumnVisibleWhen(twoCols(), 0, 'items.reason', big);
    expect((t.forms[0]!.ui as JsonObject).fields).toEqual({ 'items.reason': { visibleWhen: big } });
    expect(columnVisibleWhen(t.forms[0], 'items.reason')).toEqual(big);
    expect(columnVisibleWhen(t.forms[0], 'items.qty')).toBeUndefined();
    const back = withColumnVisibleWhen(t, 0, 'items.reason', undefined);
    expect(back.forms[0]!.ui).toBeUndefined();
    expect(withColumnVisibleWhen(twoCols(), 0, 'nothing.reason', big).forms[0]!.ui).toBeUndefined();
  });

  it('writes a column\'s required-when as an allOf entry of the rows\' schema, and reads it back', () => {
    const t = withColumnRequiredWhen(twoCols(), 0, 'items.reason', big);
    expect(rows(t).allOf).toEqual([{ if: big, then: { required: ['reason'] } }]);
    expect((t.forms[0]!.schema as JsonObject).allOf).toBeUndefined();
    expect(columnRequiredWhen(t.forms[0], 'items.reason')).toEqual(big);
    expect(columnRequiredWhen(t.forms[0], 'items.qty')).toBeUndefined();
    // Columns keep their order and settings through the edit.
    expect(columnKeys(t.forms[0], 'items')).toEqual(['item', 'qty', 'reason']);
    const cleared = withColumnRequiredWhen(t, 0, 'items.reason', undefined);
    expect(rows(cleared)).not.toHaveProperty('allOf');
  });

  it('shows the rows\' hand-written rules that can require a column', () => {
    let t = twoCols();
    const hand = { if: { required: ['qty'] }, then: { required: ['reason', 'item'] } };
    const r = rows(t);
    r.allOf = [hand];
    t = withColumnRequiredWhen(t, 0, 'items.reason', big);
    expect(columnOtherRequired(t.forms[0], 'items.reason')).toEqual([hand]);
    expect(columnRequiredWhen(t.forms[0], 'items.reason')).toEqual(big);
  });

  it('follows a renamed column in its own entry and in its siblings\' conditions, and drops its entry with it', () => {
    let t = withColumnRequiredWhen(twoCols(), 0, 'items.reason', big);
    t = withColumnVisibleWhen(t, 0, 'items.reason', big);
    t = withColumnRequiredWhen(t, 0, 'items.item', { required: ['reason'] });
    t = renameColumn(t, 0, 'items.reason', 'why');
    expect(columnRequiredWhen(t.forms[0], 'items.why')).toEqual(big);
    expect(columnVisibleWhen(t.forms[0], 'items.why')).toEqual(big);
    expect(columnRequiredWhen(t.forms[0], 'items.item')).toEqual({ required: ['why'] });
    t = renameColumn(t, 0, 'items.qty', 'n');
    expect(columnRequiredWhen(t.forms[0], 'items.why')).toEqual({ properties: { n: { minimum: 10 } }, required: ['n'] });
    t = removeColumn(t, 0, 'items.why');
    expect(rows(t).allOf).toEqual([{ if: { required: ['why'] }, then: { required: ['item'] } }]);
    expect(t.forms[0]!.ui).toBeUndefined();
  });

  it('keeps the columns\' settings when the sub-form itself is renamed', () => {
    let t = withColumnVisibleWhen(twoCols(), 0, 'items.reason', big);
    t = renameField(t, 0, 'items', 'lines');
    expect(columnVisibleWhen(t.forms[0], 'lines.reason')).toEqual(big);
    expect((t.forms[0]!.ui as JsonObject).fields).not.toHaveProperty('items.reason');
  });
});

describe("a sub-form column's default", () => {
  it('is set as the column schema default a new row starts with, and removed again', () => {
    let t = addColumn(withItems(), 0, 'items', 'number', 'qty', { zh: '数量', en: 'Qty' });
    expect(columnDefaultOf(t.forms[0], 'items.qty')).toEqual({ mode: 'none' });
    const before = t;
    t = withColumnDefault(t, 0, 'items.qty', { mode: 'value', value: 1 });
    expect(columnProperty(t.forms[0], 'items.qty')?.default).toBe(1);
    expect(columnDefaultOf(t.forms[0], 'items.qty')).toEqual({ mode: 'value', value: 1 });
    expect(columnProperty(before.forms[0], 'items.qty')).not.toHaveProperty('default');
    // Choosing a value before typing it keeps the choice (null, which new rows skip).
    expect(columnDefaultOf(withColumnDefault(t, 0, 'items.qty', { mode: 'value', value: null }).forms[0], 'items.qty')).toEqual({ mode: 'value', value: null });
    t = withColumnDefault(t, 0, 'items.qty', { mode: 'none' });
    expect(columnProperty(t.forms[0], 'items.qty')).not.toHaveProperty('default');
    expect(withColumnDefault(t, 0, 'items.nothing', { mode: 'value', value: 2 })).toBe(t);
  });
});
