import { describe, expect, it } from 'vitest';
import { conflictFrom } from './conflict';

describe('conflictFrom', () => {
  it('names the latest change after the edited version and every field changed since', () => {
    const c = conflictFrom(
      [
        { id: '3', action: 'record.update', actor: 'u2', at: '2026-12-04T10:02:00Z', version: 3, changes: [{ field: 'budget', from: 1, to: 2 }] },
        { id: '2', action: 'record.update', actor: 'u1', at: '2026-12-04T10:01:00Z', version: 2, changes: [{ field: 'company', from: 'a', to: 'b' }] },
        { id: '1', action: 'record.create', actor: 'u1', at: '2026-12-04T10:00:00Z', version: 1 },
      ],
      1,
    );
    expect(c).toEqual({ actor: 'u2', at: '2026-12-04T10:02:00Z', fields: ['budget', 'company'] });
  });
  it('is undefined when nothing changed after it', () => {
    expect(conflictFrom([{ id: '1', action: 'record.create', actor: 'u1', at: '', version: 1 }], 1)).toBeUndefined();
  });
});
