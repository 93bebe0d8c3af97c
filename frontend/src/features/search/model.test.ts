import { describe, expect, it } from 'vitest';
import { isSearchable, localMidnight, mergeSegments, nextDay, searchQuery } from './model';

describe('search model', () => {
  it('builds the query with app and a local date range', () => {
    const q = new URLSearchParams(searchQuery({ q: '  禾丰 ', app: 'a1', from: '2026-12-01', to: '2026-12-03' }, 480));
    expect(q.get('q')).toBe('禾丰');
    expect(q.get('app')).toBe('a1');
    expect(q.get('from')).toBe('2026-11-30T16:00:00.000Z');
    expect(q.get('to')).toBe('2026-12-03T16:00:00.000Z');
    expect(q.get('limit')).toBe('20');
  });

  it('leaves out what is not set and cuts long text', () => {
    const q = new URLSearchParams(searchQuery({ q: 'x'.repeat(150) }, 0));
    expect(q.get('q')).toHaveLength(100);
    expect(q.has('app')).toBe(false);
    expect(q.has('from')).toBe(false);
  });

  it('knows the next day across months and years', () => {
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
    expect(nextDay('2028-02-28')).toBe('2028-02-29');
    expect(localMidnight('2026-01-01', -300)).toBe('2026-01-01T05:00:00.000Z');
  });

  it('searches only text with something in it', () => {
    expect(isSearchable('  ')).toBe(false);
    expect(isSearchable(' 禾 ')).toBe(true);
  });

  it('merges snippet segments', () => {
    expect(mergeSegments([{ text: '…' }, { text: 'a' }, { text: '禾丰', hit: true }, { text: '' }, { text: 'b' }])).toEqual([
      { text: '…a', hit: false },
      { text: '禾丰', hit: true },
      { text: 'b', hit: false },
    ]);
  });
});
