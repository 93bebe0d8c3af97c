import { describe, expect, it } from 'vitest';
import { addField, removeField, renameField, type Template } from './designer';
import type { ValueKind } from '../query/conditions';
import { fromVisibleWhen, toVisibleWhen } from './visibleWhen';
import { otherRequiredRules, renameInRequiredWhen, requiredWhenOf, withRequiredWhen, withoutRequiredWhen } from './requiredWhen';

const kinds: Record<string, ValueKind> = { total: 'number', urgent: 'bool' };
const kindOf = (f: string) => kinds[f] ?? 'string';

const purchase = (): Template => ({
  key: 'buy',
  forms: [
    {
      key: 'request',
      schema: {
        type: 'object',
        properties: {
          total: { type: 'number', readOnly: true, 'x-formloom': { type: 'formula', expr: 'SUM(items.amount)' } },
          urgent: { type: 'boolean', 'x-formloom': { type: 'checkbox' } },
          reason: { type: 'string', 'x-formloom': { type: 'textarea' } },
        },
      },
    },
  ],
});

const over10k = toVisibleWhen({ combinator: 'and', rules: [{ field: 'total', operator: 'gt', value: '10000' }] }, kindOf)!;

describe('required when', () => {
  it('compiles to a standard allOf/if/then entry on the form and reads it back into the builder', () => {
    const t = withRequiredWhen(purchase(), 0, 'reason', over10k);
    expect(t.forms[0]!.schema).toMatchObject({
      allOf: [{ if: { properties: { total: { exclusiveMinimum: 10000 } }, required: ['total'] }, then: { required: ['reason'] } }],
    });
    const back = requiredWhenOf(t.forms[0], 'reason');
    expect(fromVisibleWhen(back)).toEqual({ combinator: 'and', rules: [{ field: 'total', operator: 'gt', value: 10000 }] });
    expect(toVisibleWhen(fromVisibleWhen(back)!, kindOf)).toEqual(back);
    expect(requiredWhenOf(t.forms[0], 'urgent')).toBeUndefined();
  });

  it('replaces a condition in place, keeps other allOf entries, and removes the entry (and allOf) when cleared', () => {
    const handWritten = { if: { required: ['urgent'] }, then: { required: ['reason', 'total'] } };
    let t = purchase();
    (t.forms[0]!.schema as Record<string, unknown>).allOf = [handWritten];
    t = withRequiredWhen(t, 0, 'reason', over10k);
    const urgent = toVisibleWhen({ combinator: 'and', rules: [{ field: 'urgent', operator: 'eq', value: 'true' }] }, kindOf)!;
    t = withRequiredWhen(t, 0, 'reason', urgent);
    expect((t.forms[0]!.schema as { allOf: unknown[] }).allOf).toEqual([handWritten, { if: urgent, then: { required: ['reason'] } }]);
    expect(otherRequiredRules(t.forms[0], 'reason')).toEqual([handWritten]);
    t = withRequiredWhen(t, 0, 'reason', undefined);
    expect((t.forms[0]!.schema as { allOf: unknown[] }).allOf).toEqual([handWritten]);
    t = withRequiredWhen(withRequiredWhen(purchase(), 0, 'reason', urgent), 0, 'reason', undefined);
    expect(t.forms[0]!.schema).not.toHaveProperty('allOf');
  });

  it('gives the same template when nothing changes', () => {
    const t = withRequiredWhen(purchase(), 0, 'reason', over10k);
    expect(withRequiredWhen(t, 0, 'reason', structuredClone(over10k))).toBe(t);
    expect(withRequiredWhen(purchase(), 0, 'reason', undefined)).toEqual(purchase());
  });

  it('follows a rename of the required field and of a field its condition tests', () => {
    let t = withRequiredWhen(purchase(), 0, 'reason', over10k);
    t = renameInRequiredWhen(renameField(t, 0, 'reason', 'liYou'), 0, 'reason', 'liYou');
    expect(requiredWhenOf(t.forms[0], 'liYou')).toEqual(over10k);
    t = renameInRequiredWhen(renameField(t, 0, 'total', 'heJi'), 0, 'total', 'heJi');
    expect(requiredWhenOf(t.forms[0], 'liYou')).toEqual({ properties: { heJi: { exclusiveMinimum: 10000 } }, required: ['heJi'] });
  });

  it('drops the entry when the field is removed, and a field added later has none', () => {
    let t = withRequiredWhen(purchase(), 0, 'reason', over10k);
    t = withoutRequiredWhen(removeField(t, 0, 'reason'), 0, 'reason');
    expect(t.forms[0]!.schema).not.toHaveProperty('allOf');
    t = addField(t, 0, 'text', 'reason', { zh: '理由', en: 'Reason' });
    expect(requiredWhenOf(t.forms[0], 'reason')).toBeUndefined();
  });

  it('leaves a condition the builder cannot read to the read-only view', () => {
    let t = purchase();
    t = withRequiredWhen(t, 0, 'reason', { properties: { total: { multipleOf: 3 } } });
    expect(fromVisibleWhen(requiredWhenOf(t.forms[0], 'reason'))).toBeUndefined();
  });

  it('lists top-level if/then and dependentRequired rules that also require the field', () => {
    const t = purchase();
    Object.assign(t.forms[0]!.schema as object, {
      if: { required: ['urgent'] },
      then: { required: ['reason'] },
      dependentRequired: { urgent: ['reason'] },
    });
    expect(otherRequiredRules(t.forms[0], 'reason')).toEqual([
      { if: { required: ['urgent'] }, then: { required: ['reason'] } },
      { dependentRequired: { urgent: ['reason'] } },
    ]);
    expect(otherRequiredRules(t.forms[0], 'total')).toEqual([]);
  });
});

describe('required when in the browser validator', () => {
  it('reports the field as required, on the field, only when the condition holds', async () => {
    const { createSchemaValidator } = await import('../../forms/schemaValidator');
    const t = withRequiredWhen(purchase(), 0, 'reason', over10k);
    const schema = t.forms[0]!.schema as never;
    const v = createSchemaValidator(() => 'zh-CN');
    expect(v.validateFormData({ total: 12000 }, schema).errorSchema).toEqual({ reason: { __errors: ['此项为必填项。'] } });
    expect(v.validateFormData({ total: 12000, reason: '急用' }, schema).errors).toEqual([]);
    expect(v.validateFormData({ total: 800 }, schema).errors).toEqual([]);
  });
});
