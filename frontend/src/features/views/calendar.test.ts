import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FormDef, RecordItem } from '../../shared/api/types';
import { byDay, dateKind, dayOf, dayValue, monthFilter } from './calendar';

const meeting: FormDef = {
  key: 'meeting',
  name: { 'zh-CN': '会议' },
  schema: {
    type: 'object',
    properties: {
      title: { type: 'string', 'x-formloom': { type: 'text' } },
      startAt: { type: 'string', format: 'date-time', 'x-formloom': { type: 'datetime' } },
      day: { type: 'string', format: 'date', 'x-formloom': { type: 'date' } },
    },
  },
};
const rec = (id: string, data: Record<string, unknown>) => ({ id, data }) as unknown as RecordItem;

afterEach(() => vi.unstubAllEnvs());

describe('the calendar view', () => {
  it('knows a date from a datetime field, and neither from the others', () => {
    expect(dateKind(meeting, 'day')).toBe('date');
    expect(dateKind(meeting, 'startAt')).toBe('datetime');
    expect(dateKind(meeting, 'title')).toBeUndefined();
    expect(dateKind(meeting, undefined)).toBeUndefined();
  });

  it('asks a month of dates from its first day to the next month’s, across a year’s end', () => {
    expect(JSON.parse(monthFilter('day', 'date', { year: 2026, month: 12 }))).toEqual({
      and: [
        { field: 'day', op: 'gte', value: '2026-12-01' },
        { field: 'day', op: 'lt', value: '2027-01-01' },
      ],
    });
    const f = JSON.parse(monthFilter('startAt', 'datetime', { year: 2026, month: 3 })) as { and: { value: string }[] };
    // Local midnights, as instants.
    expect(new Date(f.and[0]!.value).getTime()).toBe(new Date(2026, 2, 1).getTime());
    expect(new Date(f.and[1]!.value).getTime()).toBe(new Date(2026, 3, 1).getTime());
  });

  it('places a date on its day and a datetime on its local day; no value, no day', () => {
    expect(dayOf('2026-12-03', 'date')).toBe('2026-12-03');
    expect(dayOf('2026-12-03T10:00', 'date')).toBeUndefined();
    const local = new Date(2026, 11, 3, 23, 30);
    expect(dayOf(local.toISOString(), 'datetime')).toBe('2026-12-03');
    expect(dayOf(undefined, 'datetime')).toBeUndefined();
    expect(dayOf('not a time', 'datetime')).toBeUndefined();
  });

  it('groups records by day in the view’s order', () => {
    const days = byDay([rec('a', { day: '2026-12-03' }), rec('b', {}), rec('c', { day: '2026-12-28' }), rec('d', { day: '2026-12-03' })], 'day', 'date');
    expect([...days.entries()].map(([d, rs]) => [d, rs.map((r) => r.id)])).toEqual([
      ['2026-12-03', ['a', 'd']],
      ['2026-12-28', ['c']],
    ]);
  });

  it('starts a record made on a day with that day, a datetime at nine in the morning', () => {
    expect(dayValue('2026-12-15', 'date')).toBe('2026-12-15');
    expect(new Date(dayValue('2026-12-15', 'datetime')).getTime()).toBe(new Date(2026, 11, 15, 9, 0).getTime());
    expect(dayOf(dayValue('2026-12-15', 'datetime'), 'datetime')).toBe('2026-12-15');
  });
});
