import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../../shared/api/types';
import { choiceLabel, relationRefs } from './recordNames';

const schema: JsonSchema = {
  type: 'object',
  properties: {
    customer: { type: 'string', 'x-formloom': { type: 'relation', form: 'customer' } },
    leads: { type: 'array', items: { type: 'string' }, 'x-formloom': { type: 'relation', form: 'lead', multiple: true } },
    note: { type: 'string', 'x-formloom': { type: 'text' } },
    items: {
      type: 'array',
      'x-formloom': { type: 'subform' },
      items: { type: 'object', properties: { product: { type: 'string', 'x-formloom': { type: 'relation', form: 'product' } } } },
    },
  },
};

describe('relationRefs', () => {
  it('collects the linked IDs of every record by linked form: one value, several, and sub-form rows', () => {
    const refs = relationRefs(schema, [
      { customer: 'c1', leads: ['l1', 'l2'], note: 'c9', items: [{ product: 'p1' }, { product: 'p2' }, {}] },
      { customer: 'c1', leads: [], items: 'not rows' },
      { customer: 'c2' },
    ]);
    expect(Object.fromEntries([...refs].map(([f, ids]) => [f, [...ids]]))).toEqual({ customer: ['c1', 'c2'], lead: ['l1', 'l2'], product: ['p1', 'p2'] });
  });

  it('finds none without relation fields or records', () => {
    expect(relationRefs(undefined, [{ customer: 'c1' }]).size).toBe(0);
    expect(relationRefs(schema, []).size).toBe(0);
  });
});

describe('choiceLabel', () => {
  it('names a record by its serial number and title, either alone, else its ID', () => {
    expect(choiceLabel({ id: 'r1', serial: 'XS-2026-000001', title: '客户投诉' })).toBe('XS-2026-000001 客户投诉');
    expect(choiceLabel({ id: 'r1', title: '客户投诉' })).toBe('客户投诉');
    expect(choiceLabel({ id: 'r1', serial: 'XS-1', title: '' })).toBe('XS-1');
    expect(choiceLabel({ id: 'r1' })).toBe('r1');
  });
});
