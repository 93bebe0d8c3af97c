import { describe, expect, it } from 'vitest';
import { appKeyFromName, blankApp, followLabel, formulaNames, keyFromLabel, sampleRecord, withExpr } from './model';

describe('keyFromLabel', () => {
  it('spells Chinese labels in pinyin, camel-cased by syllable', () => {
    expect(keyFromLabel('客户名称')).toBe('keHuMingCheng');
    expect(keyFromLabel('客户等级')).toBe('keHuDengJi');
  });
  it('slugs other text in camel case', () => {
    expect(keyFromLabel('Due date')).toBe('dueDate');
    expect(keyFromLabel('  2nd Reason!')).toBe('ndReason');
    expect(keyFromLabel('金额 (CNY)')).toBe('jinECny');
  });
  it('never gives a taken or an invalid key', () => {
    expect(keyFromLabel('数量', ['shuLiang'])).toBe('shuLiang2');
    expect(keyFromLabel('数量', ['shuLiang', 'shuLiang2'])).toBe('shuLiang3');
    expect(keyFromLabel('！！')).toBe('field');
    expect(keyFromLabel('', ['field'])).toBe('field2');
    expect(keyFromLabel('长'.repeat(80))).toMatch(/^[a-z][a-zA-Z0-9_]{0,62}$/);
  });
});

describe('followLabel', () => {
  it('follows the label while the key is the derived one', () => {
    expect(followLabel('danHangWenBen', '单行文本', '客户名称', ['danHangWenBen', 'qty'])).toBe('keHuMingCheng');
  });
  it('keeps a key typed by hand', () => {
    expect(followLabel('customer', '单行文本', '客户名称', ['customer'])).toBe('customer');
  });
  it('does not take another field\'s key', () => {
    expect(followLabel('danHangWenBen', '单行文本', '客户名称', ['danHangWenBen', 'keHuMingCheng'])).toBe('keHuMingCheng2');
  });
});

describe('formula helpers', () => {
  const schema = {
    type: 'object',
    properties: {
      qty: { type: 'number', 'x-formloom': { type: 'number', label: { 'zh-CN': '数量' } } },
      start: { type: 'string', format: 'date', 'x-formloom': { type: 'date', label: { 'zh-CN': '开始' } } },
      end: { type: 'string', format: 'date', 'x-formloom': { type: 'date', label: { 'zh-CN': '结束' } } },
      items: {
        type: 'array',
        'x-formloom': { type: 'subform', label: { 'zh-CN': '明细' } },
        items: { type: 'object', properties: { price: { type: 'number', 'x-formloom': { type: 'money', label: { 'zh-CN': '单价' } } } } },
      },
      total: { type: 'number', readOnly: true, 'x-formloom': { type: 'formula', label: { 'zh-CN': '合计' }, expr: 'SUM(items.price)' } },
    },
  };
  it('lists the names a formula may read, columns included, without itself', () => {
    expect(formulaNames(schema, 'total').map((n) => n.name)).toEqual(['qty', 'start', 'end', 'items', 'items.price']);
    expect(formulaNames(schema, 'total')[0]).toEqual({ name: 'qty', label: '数量', type: 'number' });
  });
  it('sets one formula without touching the input', () => {
    const next = withExpr(schema, 'total', 'qty * 2');
    expect((next.properties as Record<string, { 'x-formloom': { expr: string } }>).total?.['x-formloom'].expr).toBe('qty * 2');
    expect(schema.properties.total['x-formloom'].expr).toBe('SUM(items.price)');
  });
  it('makes sample values by type, computed fields left out', () => {
    expect(sampleRecord(schema)).toEqual({ qty: 1, start: '2026-12-04', end: '2026-12-08', items: [{ price: 1 }, { price: 1 }] });
  });
});

describe('blankApp', () => {
  it('names the app and its first form, with a key from the name', () => {
    const def = blankApp('采购申请');
    expect(def.key).toBe('cai-gou-shen-qing');
    expect(def.name).toEqual({ 'zh-CN': '采购申请' });
    expect((def.forms as { key: string }[])[0]?.key).toBe('main');
    expect(appKeyFromName('Purchase requests 2026')).toBe('purchase-requests-2026');
    // Every key it makes is one the template format takes.
    for (const name of ['费用报销', 'Purchase requests 2026', 'a', '2026 年度目标', 'x'.repeat(80), '报销 - 2026']) {
      expect(appKeyFromName(name)).toMatch(/^[a-z][a-z0-9-]{1,62}$/);
    }
    expect(appKeyFromName('2026')).toBe('app');
  });
});
