import { describe, expect, it } from 'vitest';
import { namesOf, withAppName, withFormName, type Template } from './designer';
import { formKeyFromName } from './model';

const template = (): Template => ({
  key: 'expense',
  name: { 'zh-CN': 'expense' },
  forms: [
    { key: 'main', name: { 'zh-CN': 'expense', ja: '経費' }, schema: { type: 'object', properties: {} } },
    { key: 'other', name: { 'zh-CN': '其他' }, schema: { type: 'object', properties: {} } },
  ],
});

describe('renaming an app and its forms', () => {
  it('renames the app in both languages and leaves the key', () => {
    const t = withAppName(template(), { zh: ' 费用报销 ', en: 'Expense claims' });
    expect(t.name).toEqual({ 'zh-CN': '费用报销', en: 'Expense claims' });
    expect(t.key).toBe('expense');
    expect(namesOf(t.name)).toEqual({ zh: '费用报销', en: 'Expense claims' });
  });

  it('refuses a name without Chinese, which the format requires', () => {
    const before = template();
    expect(withAppName(before, { zh: '  ', en: 'Claims' })).toBe(before);
    expect(withFormName(before, 0, { zh: '', en: 'Claim' })).toBe(before);
  });

  it('renames one form, keeping the languages the designer does not show', () => {
    const t = withFormName(template(), 0, { zh: '报销单', en: '' });
    expect(t.forms[0]?.name).toEqual({ 'zh-CN': '报销单', ja: '経費' });
    expect(t.forms[1]?.name).toEqual({ 'zh-CN': '其他' });
    expect(template().forms[0]?.name).toEqual({ 'zh-CN': 'expense', ja: '経費' });
  });
});

describe('formKeyFromName', () => {
  it('makes a form key from a Chinese or English name, numbered when taken', () => {
    expect(formKeyFromName('报销单')).toBe('bao_xiao_dan');
    expect(formKeyFromName('Travel Claims 2')).toBe('travel_claims_2');
    expect(formKeyFromName('报销单', ['bao_xiao_dan'])).toBe('bao_xiao_dan_2');
    expect(formKeyFromName('2026')).toBe('form');
    for (const name of ['报销单', '', 'x'.repeat(90), '出差-申请', '2026 预算']) {
      expect(formKeyFromName(name)).toMatch(/^[a-z][a-z0-9_]{0,62}$/);
    }
  });
});
