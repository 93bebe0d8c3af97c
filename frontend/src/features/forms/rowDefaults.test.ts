import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../../shared/api/types';
import { withNewRowDefaults } from './rowDefaults';

const schema: JsonSchema = {
  type: 'object',
  properties: {
    title: { type: 'string', default: 'x' },
    actions: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          item: { type: 'string' },
          status: { type: 'string', enum: ['open', 'done'], default: 'open' },
        },
      },
    },
    topics: { type: 'array', items: { type: 'object', properties: { topic: { type: 'string' } } } },
  },
};

describe('a new sub-form row', () => {
  it("starts with its columns' defaults", () => {
    expect(withNewRowDefaults(schema, {}, { actions: [{}] })).toEqual({ actions: [{ status: 'open' }] });
    expect(withNewRowDefaults(schema, {}, { actions: [undefined] })).toEqual({ actions: [{ status: 'open' }] });
  });

  it('leaves the rows that were there, a copied row, and the record fields as they are', () => {
    const before = { actions: [{ item: 'a', status: 'done' }] };
    expect(withNewRowDefaults(schema, before, { actions: [{ item: 'a', status: 'done' }, {}] })).toEqual({
      actions: [{ item: 'a', status: 'done' }, { status: 'open' }],
    });
    const copied = { actions: [{ item: 'a', status: 'done' }, { item: 'a', status: 'done' }] };
    expect(withNewRowDefaults(schema, before, copied)).toBe(copied);
    // A row emptied by hand is not new: its status stays cleared.
    const cleared = { actions: [{}] };
    expect(withNewRowDefaults(schema, { actions: [{ status: 'open' }] }, cleared)).toBe(cleared);
    // Top-level fields are the new record's business (startValues), not a row's.
    expect(withNewRowDefaults(schema, {}, { title: undefined })).toEqual({ title: undefined });
  });

  it('adds nothing to a sub-form whose columns have no default', () => {
    const after = { topics: [{}] };
    expect(withNewRowDefaults(schema, {}, after)).toBe(after);
  });
});
