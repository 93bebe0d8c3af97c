import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../../shared/api/types';
import { applyLinkage, linkageInput, linkedFields } from './linkage';

const schema = {
  type: 'object',
  properties: {
    supplier: { type: 'string', 'x-formloom': { type: 'text' } },
    city: { type: 'string', 'x-formloom': { type: 'text' } },
    grade: { type: 'string', 'x-formloom': { type: 'text', linked: { form: 'vendor', match: [{ field: 'name', equals: 'supplier' }, { field: 'city', equals: 'city' }], value: 'level' } } },
    secret: { type: 'string', 'x-formloom': { type: 'text', linked: { form: 'vendor', match: [{ field: 'name', equals: 'supplier' }], value: 'note' } } },
  },
} as JsonSchema;

describe('linked defaults while filling a form', () => {
  it('finds the linked fields the form shows and the fields they match on', () => {
    expect(linkedFields(schema, ['supplier', 'city', 'grade', 'secret'])).toEqual([
      { key: 'grade', equals: ['supplier', 'city'] },
      { key: 'secret', equals: ['supplier'] },
    ]);
    // A linked field the member is not shown is not filled.
    expect(linkedFields(schema, ['supplier', 'grade'])).toEqual([{ key: 'grade', equals: ['supplier', 'city'] }]);
  });

  it('asks with the compared fields only, empty ones as null', () => {
    const linked = linkedFields(schema, ['supplier', 'city', 'grade']);
    expect(linkageInput(linked, { supplier: 'Acme', qty: 2 })).toEqual({ supplier: 'Acme', city: null });
  });

  it('fills and empties linked fields from the answer, and keeps the same object when nothing changes', () => {
    const linked = linkedFields(schema, ['supplier', 'city', 'grade', 'secret']);
    const data = { supplier: 'Acme', grade: 'typed by hand' };
    const filled = applyLinkage(data, { grade: 'A', secret: null }, linked);
    expect(filled).toEqual({ supplier: 'Acme', grade: 'A' });
    expect(data.grade).toBe('typed by hand');
    expect(applyLinkage(filled, { grade: 'A' }, linked)).toBe(filled);
    expect(applyLinkage(filled, { grade: null }, linked)).toEqual({ supplier: 'Acme' });
  });
});
