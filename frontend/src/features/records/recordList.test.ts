import { describe, expect, it } from 'vitest';
import { listState, neighbours, readList } from './recordList';

describe('stepping through the list a record was opened from', () => {
  it('carries the list in the navigation state and reads it back, refusing anything else', () => {
    expect(readList(listState(['r1', 'r2']))).toEqual({ ids: ['r1', 'r2'] });
    expect(readList(undefined)).toBeUndefined();
    expect(readList(null)).toBeUndefined();
    expect(readList({ list: { ids: 'r1' } })).toBeUndefined();
    expect(readList({ list: { ids: ['r1', 2] } })).toBeUndefined();
  });

  it('names the records before and after, and the place in the list', () => {
    const list = { ids: ['r1', 'r2', 'r3'] };
    expect(neighbours(list, 'r1')).toEqual({ prev: undefined, next: 'r2', position: 1, total: 3 });
    expect(neighbours(list, 'r2')).toEqual({ prev: 'r1', next: 'r3', position: 2, total: 3 });
    expect(neighbours(list, 'r3')).toEqual({ prev: 'r2', next: undefined, position: 3, total: 3 });
  });

  it('offers nothing for a record the list does not hold, or a list of one', () => {
    expect(neighbours({ ids: ['r1', 'r2'] }, 'r9')).toBeUndefined();
    expect(neighbours({ ids: ['r1'] }, 'r1')).toBeUndefined();
    expect(neighbours(undefined, 'r1')).toBeUndefined();
  });
});
