import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import type { FormDef } from '../../shared/api/types';
import { buildFilter, choiceOptions, dateBound } from './query';
import {
  activeCount,
  applied,
  boolChoice,
  boolFilter,
  filtering,
  sameFilters,
  sheetFields,
  toggleChoice,
  type Filters,
} from './phoneFilter';

const lead: FormDef = {
  key: 'lead',
  name: { en: 'Lead' },
  schema: {
    type: 'object',
    properties: {
      company: { type: 'string', 'x-formloom': { type: 'text', label: { en: 'Company', 'zh-CN': '公司' } } },
      status: {
        type: 'string',
        enum: ['new', 'won'],
        'x-formloom': { type: 'select', options: [{ value: 'new', label: { en: 'New', 'zh-CN': '待跟进' } }, { value: 'won' }] },
      },
      budget: { type: 'number', 'x-formloom': { type: 'money' } },
      owner: { type: 'string', 'x-formloom': { type: 'member' } },
      vip: { type: 'boolean', 'x-formloom': { type: 'checkbox' } },
      files: { type: 'array', items: { type: 'string' }, 'x-formloom': { type: 'attachment' } },
      customer: { type: 'string', 'x-formloom': { type: 'relation' } },
      due: { type: 'string', format: 'date', 'x-formloom': { type: 'date' } },
    },
  },
  ui: { order: ['company', 'status', 'budget', 'owner', 'vip', 'files', 'customer', 'due'] },
};

describe('sheetFields', () => {
  it('offers the fields the desktop columns filter on, in the form’s order, with their kind', () => {
    expect(sheetFields(lead)).toEqual([
      { key: 'company', kind: 'text' },
      { key: 'status', kind: 'choice' },
      { key: 'budget', kind: 'range' },
      { key: 'owner', kind: 'member' },
      { key: 'vip', kind: 'bool' },
      { key: 'due', kind: 'dateRange' },
    ]);
  });
});

describe('counting and applying the sheet’s filters', () => {
  const draft: Filters = {
    status: { kind: 'choice', values: ['new'] },
    owner: { kind: 'member', mine: true },
    company: { kind: 'text', contains: '   ' },
    budget: { kind: 'range' },
    vip: undefined,
  };

  it('counts only filters that narrow the list', () => {
    expect(activeCount(draft)).toBe(2);
    expect(activeCount({})).toBe(0);
    expect(filtering({ kind: 'choice', values: [] })).toBe(false);
    expect(filtering({ kind: 'bool', value: false })).toBe(true);
    expect(filtering({ kind: 'department', mine: false, values: ['d1'] })).toBe(true);
  });

  it('applies the narrowing ones, which build the same query as the desktop columns', () => {
    const next = applied(draft);
    expect(next).toEqual({ status: { kind: 'choice', values: ['new'] }, owner: { kind: 'member', mine: true } });
    expect(JSON.parse(buildFilter(lead, '', next))).toEqual({
      and: [
        { field: 'status', op: 'in', value: ['new'] },
        { field: 'owner', op: 'eq', param: 'currentUser' },
      ],
    });
    // The search box still narrows along with them.
    expect(JSON.parse(buildFilter(lead, 'acme', next)).and[0]).toEqual({ field: 'company', op: 'contains', value: 'acme' });
  });

  it('tells a draft that changes nothing', () => {
    // In whatever order they were set, and however the desktop's filter box spelled them.
    expect(sameFilters(draft, { owner: { mine: true, kind: 'member', values: [] }, status: { kind: 'choice', values: ['new'] } })).toBe(true);
    expect(sameFilters(draft, { status: { kind: 'choice', values: ['won'] }, owner: { kind: 'member', mine: true } })).toBe(false);
    expect(sameFilters(draft, { status: { kind: 'choice', values: ['new'] } })).toBe(false);
    expect(sameFilters({}, { company: { kind: 'text', contains: '' } })).toBe(true);
  });
});

describe('the sheet’s controls as filters', () => {
  it('reads 是 / 否 / 不限 as a bool filter or none', () => {
    expect(boolFilter('yes')).toEqual({ kind: 'bool', value: true });
    expect(boolFilter('no')).toEqual({ kind: 'bool', value: false });
    expect(boolFilter('any')).toBeUndefined();
    expect([boolChoice({ kind: 'bool', value: true }), boolChoice({ kind: 'bool', value: false }), boolChoice(undefined)]).toEqual(['yes', 'no', 'any']);
  });

  it('ticks and unticks options; none ticked is no filter', () => {
    let f = toggleChoice(undefined, 'new', true);
    expect(f).toEqual({ kind: 'choice', values: ['new'] });
    f = toggleChoice(f, 'won', true);
    expect(toggleChoice(f, 'won', true)).toEqual({ kind: 'choice', values: ['new', 'won'] });
    expect(toggleChoice(f, 'new', false)).toEqual({ kind: 'choice', values: ['won'] });
    expect(toggleChoice({ kind: 'choice', values: ['new'] }, 'new', false)).toBeUndefined();
  });

  it('names options by their label in the UI language, else their value', () => {
    expect(choiceOptions(lead.schema.properties!.status!, 'zh-CN')).toEqual([
      { value: 'new', label: '待跟进' },
      { value: 'won', label: 'won' },
    ]);
    expect(choiceOptions({ type: 'array', items: { type: 'string', enum: ['a', 'b'] } }, 'en').map((o) => o.value)).toEqual(['a', 'b']);
  });

  it('sends a date as the day, a date and time from the start of the day to its end', () => {
    const day = dayjs('2025-05-03T15:20:00');
    expect(dateBound(day, false, false)).toBe('2025-05-03');
    expect(dateBound(day, false, true)).toBe('2025-05-03');
    expect(dateBound(day, true, false)).toBe(dayjs('2025-05-03T00:00:00').toISOString());
    expect(dateBound(day, true, true)).toBe(dayjs('2025-05-03T23:59:59.999').toISOString());
    expect(dateBound(null, true, true)).toBeUndefined();
  });
});
