import { describe, expect, it } from 'vitest';
import { property, renameField, type JsonObject, type Template } from './designer';
import { defaultOf, editDefault, matchFields, renameInLinked, startLinked, valueFields, withDefault } from './linked';

const purchasing = (): Template => ({
  key: 'buy',
  forms: [
    {
      key: 'request',
      schema: {
        type: 'object',
        properties: {
          supplier: { type: 'string', 'x-formloom': { type: 'text', label: { 'zh-CN': '供应商', en: 'Supplier' } } },
          grade: { type: 'string', 'x-formloom': { type: 'text', label: { 'zh-CN': '供应商等级', en: 'Supplier grade' } } },
          qty: { type: 'number', 'x-formloom': { type: 'number', label: { 'zh-CN': '数量' } } },
          tags: { type: 'array', items: { type: 'string' }, 'x-formloom': { type: 'tags' } },
        },
      },
    },
    {
      key: 'vendor',
      name: { 'zh-CN': '供应商' },
      schema: {
        type: 'object',
        properties: {
          name: { type: 'string', 'x-formloom': { type: 'text', label: { 'zh-CN': '名称', en: 'Name' } } },
          level: { type: 'string', 'x-formloom': { type: 'text', label: { 'zh-CN': '等级', en: 'Level' } } },
          score: { type: 'number', 'x-formloom': { type: 'number', label: { 'zh-CN': '评分' } } },
          lines: { type: 'array', items: { type: 'object', properties: {} }, 'x-formloom': { type: 'subform' } },
        },
      },
    },
  ],
});

const linked = { form: 'vendor', match: [{ field: 'name', equals: 'supplier' }], value: 'level' };

describe('default values', () => {
  it('writes a linked default into x-formloom and reads it back; nothing else of the field changes', () => {
    const t = withDefault(purchasing(), 0, 'grade', { mode: 'linked', linked });
    const prop = property(t.forms[0]!, 'grade')!;
    expect(prop['x-formloom']).toEqual({ type: 'text', label: { 'zh-CN': '供应商等级', en: 'Supplier grade' }, linked });
    expect(defaultOf(t.forms[0]!, 'grade')).toEqual({ mode: 'linked', linked });
    // The template passed in is not changed.
    expect(defaultOf(purchasing().forms[0]!, 'grade')).toEqual({ mode: 'none' });
  });

  it('a plain default is the JSON Schema default; choosing one kind removes the other', () => {
    let t = withDefault(purchasing(), 0, 'grade', { mode: 'linked', linked });
    t = withDefault(t, 0, 'grade', { mode: 'value', value: 'B' });
    const prop = property(t.forms[0]!, 'grade')!;
    expect(prop.default).toBe('B');
    expect((prop['x-formloom'] as JsonObject).linked).toBeUndefined();
    expect(defaultOf(t.forms[0]!, 'grade')).toEqual({ mode: 'value', value: 'B' });
    // Choosing 自定义 before typing a value stays on 自定义 (null, which the form skips).
    expect(defaultOf(withDefault(t, 0, 'grade', { mode: 'value', value: null }).forms[0]!, 'grade')).toEqual({ mode: 'value', value: null });
    t = withDefault(t, 0, 'grade', { mode: 'none' });
    expect('default' in property(t.forms[0]!, 'grade')!).toBe(false);
    expect(defaultOf(t.forms[0]!, 'grade')).toEqual({ mode: 'none' });
  });

  it('starts a linked default on another form with one empty condition', () => {
    expect(startLinked(purchasing(), 0)).toEqual({ form: 'vendor', match: [{ field: '', equals: '' }], value: '' });
  });

  it('offers single-value fields for conditions and same-typed fields to copy', () => {
    const t = purchasing();
    expect(matchFields(t, 'request', 'en').map((f) => f.key)).toEqual(['supplier', 'grade', 'qty']);
    expect(matchFields(t, 'vendor', 'en').map((f) => `${f.key}:${f.label}`)).toEqual(['name:Name', 'level:Level', 'score:评分']);
    expect(valueFields(t, 'vendor', 'string', 'zh-CN').map((f) => f.key)).toEqual(['name', 'level']);
    expect(valueFields(t, 'vendor', 'number', 'zh-CN').map((f) => f.key)).toEqual(['score']);
  });

  it('follows renamed fields of both forms', () => {
    let t = withDefault(purchasing(), 0, 'grade', { mode: 'linked', linked });
    t = renameInLinked(renameField(t, 0, 'supplier', 'gongYingShang'), 0, 'supplier', 'gongYingShang');
    t = renameInLinked(renameField(t, 1, 'level', 'dengJi'), 1, 'level', 'dengJi');
    expect(defaultOf(t.forms[0]!, 'grade')).toEqual({
      mode: 'linked',
      linked: { form: 'vendor', match: [{ field: 'name', equals: 'gongYingShang' }], value: 'dengJi' },
    });
  });

  it('applies each change to the default as it is then, so that quick changes add up', () => {
    let t = withDefault(purchasing(), 0, 'grade', { mode: 'linked', linked: startLinked(purchasing(), 0) });
    const set = (part: Partial<typeof linked>) => (cur: ReturnType<typeof defaultOf>) =>
      cur.mode === 'linked' ? { mode: 'linked' as const, linked: { ...cur.linked, ...part } } : cur;
    t = editDefault(t, 0, 'grade', set({ match: [{ field: 'name', equals: 'supplier' }] }));
    t = editDefault(t, 0, 'grade', set({ value: 'level' }));
    expect(defaultOf(t.forms[0]!, 'grade')).toEqual({ mode: 'linked', linked });
  });
});
