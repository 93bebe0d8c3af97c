import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTemplate, type Template } from './designer';
import { formFields } from '../query/fields';
import type { CondGroup, ValueKind } from '../query/conditions';
import { fromVisibleWhen, toVisibleWhen, visibleWhenOf, withVisibleWhen } from './visibleWhen';

const STARTERS = join(__dirname, '../../../../../templates/starter');
const kinds: Record<string, ValueKind> = { amount: 'number', done: 'bool', tags: 'list', stage: 'string' };
const kindOf = (f: string) => kinds[f] ?? 'string';

describe('toVisibleWhen', () => {
  it('compiles each operator to a JSON Schema condition', () => {
    const rule = (field: string, operator: string, value: unknown) => toVisibleWhen({ combinator: 'and', rules: [{ field, operator, value }] }, kindOf);
    expect(rule('done', 'eq', 'true')).toEqual({ properties: { done: { const: true } }, required: ['done'] });
    expect(rule('stage', 'ne', 'lost')).toEqual({ properties: { stage: { not: { const: 'lost' } } } });
    expect(rule('stage', 'in', 'a, b')).toEqual({ properties: { stage: { enum: ['a', 'b'] } }, required: ['stage'] });
    expect(rule('amount', 'nin', '1, 2')).toEqual({ properties: { amount: { not: { enum: [1, 2] } } } });
    expect(rule('amount', 'gte', '100')).toEqual({ properties: { amount: { minimum: 100 } }, required: ['amount'] });
    expect(rule('amount', 'lt', '5')).toEqual({ properties: { amount: { exclusiveMaximum: 5 } }, required: ['amount'] });
    expect(rule('tags', 'contains', 'vip')).toEqual({ properties: { tags: { contains: { const: 'vip' } } }, required: ['tags'] });
    expect(rule('stage', 'exists', true)).toEqual({ required: ['stage'] });
    expect(rule('stage', 'exists', false)).toEqual({ not: { required: ['stage'] } });
  });
  it('joins rules with allOf or anyOf, and gives nothing for no rule', () => {
    const g: CondGroup = {
      combinator: 'or',
      rules: [
        { field: 'stage', operator: 'eq', value: 'won' },
        { combinator: 'and', rules: [{ field: 'amount', operator: 'gt', value: '10' }, { field: 'done', operator: 'eq', value: 'false' }] },
      ],
    };
    expect(toVisibleWhen(g, kindOf)).toEqual({
      anyOf: [
        { properties: { stage: { const: 'won' } }, required: ['stage'] },
        { allOf: [{ properties: { amount: { exclusiveMinimum: 10 } }, required: ['amount'] }, { properties: { done: { const: false } }, required: ['done'] }] },
      ],
    });
    expect(toVisibleWhen({ combinator: 'and', rules: [] }, kindOf)).toBeUndefined();
    expect(toVisibleWhen({ combinator: 'and', rules: [{ field: '', operator: 'eq', value: '' }] }, kindOf)).toBeUndefined();
  });
});

describe('fromVisibleWhen', () => {
  it('reads back what toVisibleWhen writes', () => {
    const g: CondGroup = {
      combinator: 'or',
      rules: [
        { field: 'stage', operator: 'in', value: 'a, b' },
        { combinator: 'and', rules: [{ field: 'amount', operator: 'lte', value: 3 }, { field: 'stage', operator: 'exists', value: false }] },
        { field: 'done', operator: 'ne', value: 'true' },
        { field: 'tags', operator: 'contains', value: 'vip' },
      ],
    };
    const c = toVisibleWhen(g, kindOf)!;
    expect(fromVisibleWhen(c)).toEqual(g);
    expect(toVisibleWhen(fromVisibleWhen(c)!, kindOf)).toEqual(c);
  });
  it('gives an empty group for no condition and undefined for one the builder cannot read', () => {
    expect(fromVisibleWhen(undefined)).toEqual({ combinator: 'and', rules: [] });
    expect(fromVisibleWhen({ properties: { a: { pattern: '^x' } }, required: ['a'] })).toBeUndefined();
    expect(fromVisibleWhen({ properties: { a: { const: 1 }, b: { const: 2 } }, required: ['a', 'b'] })).toBeUndefined();
    expect(fromVisibleWhen({ if: { required: ['a'] }, then: { required: ['b'] } })).toBeUndefined();
    expect(fromVisibleWhen({ properties: { a: { const: 1 } }, required: ['a'], minProperties: 2 })).toBeUndefined();
    expect(fromVisibleWhen({ allOf: [{ required: ['a'] }] })).toBeUndefined();
    expect(fromVisibleWhen('yes')).toBeUndefined();
  });
});

describe('withVisibleWhen', () => {
  const doc: Template = { key: 'a', forms: [{ key: 'f', schema: {}, ui: { order: ['x'], fields: { x: { width: 'half' } } } }] };
  const cond = { required: ['y'] };
  it('sets a condition beside the field\'s other ui settings, without changing its input', () => {
    const next = withVisibleWhen(doc, 0, 'x', cond);
    expect(next.forms[0]!.ui).toEqual({ order: ['x'], fields: { x: { width: 'half', visibleWhen: cond } } });
    expect(visibleWhenOf(next.forms[0]!, 'x')).toEqual(cond);
    expect(doc.forms[0]!.ui).toEqual({ order: ['x'], fields: { x: { width: 'half' } } });
  });
  it('gives the same template when the condition is unchanged, whatever its key order', () => {
    const bare: Template = { key: 'a', forms: [{ key: 'f', schema: {} }] };
    expect(withVisibleWhen(bare, 0, 'x', undefined)).toBe(bare);
    const set = withVisibleWhen(doc, 0, 'x', { properties: { y: { const: 1 } }, required: ['y'] });
    expect(withVisibleWhen(set, 0, 'x', { required: ['y'], properties: { y: { const: 1 } } })).toBe(set);
  });
  it('removes the condition and the ui entries it leaves empty', () => {
    const bare: Template = { key: 'a', forms: [{ key: 'f', schema: {} }] };
    expect(withVisibleWhen(withVisibleWhen(bare, 0, 'x', cond), 0, 'x', undefined)).toEqual(bare);
    expect(withVisibleWhen(withVisibleWhen(doc, 0, 'x', cond), 0, 'x', undefined)).toEqual(doc);
  });
});

describe('starter templates', () => {
  const starters = readdirSync(STARTERS)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.samples.json'))
    .map((file) => ({ file, template: parseTemplate(JSON.parse(readFileSync(join(STARTERS, file), 'utf8'))) }));
  const conditions = starters.flatMap(({ file, template }) =>
    template.forms.flatMap((form) => {
      const fields = formFields(template, String(form.key), 'zh-CN');
      const ui = (form.ui ?? {}) as { fields?: Record<string, unknown> };
      return Object.keys(ui.fields ?? {})
        .filter((key) => visibleWhenOf(form, key) !== undefined)
        .map((key) => ({ name: `${file} ${String(form.key)}.${key}`, cond: visibleWhenOf(form, key), fields }));
    }),
  );
  it('hold conditions to read', () => expect(conditions.length).toBeGreaterThanOrEqual(3));
  it.each(conditions)('$name reads into the builder and compiles back unchanged', ({ cond, fields }) => {
    const group = fromVisibleWhen(cond);
    expect(group).toBeDefined();
    const kindOf = (k: string) => fields.find((f) => f.key === k)?.kind ?? 'string';
    expect(toVisibleWhen(group!, kindOf)).toEqual(cond);
  });
});
