import { describe, expect, it } from 'vitest';
import type { FormDef } from '../../shared/api/types';
import { buildFilter, columnNode, filterKind, idsFilter, linkOf, linkSearch, listed, searchFields, sortable, sortParam, searchHint, withLink } from './query';

const lead: FormDef = {
  key: 'lead',
  name: { en: 'Lead' },
  schema: {
    type: 'object',
    properties: {
      company: { type: 'string', 'x-formloom': { type: 'text' } },
      contact: { type: 'string', 'x-formloom': { type: 'text' } },
      status: { type: 'string', enum: ['new', 'won'], 'x-formloom': { type: 'select', options: [{ value: 'new' }, { value: 'won' }] } },
      budget: { type: 'number', 'x-formloom': { type: 'money' } },
      due: { type: 'string', format: 'date', 'x-formloom': { type: 'date' } },
      owner: { type: 'string', 'x-formloom': { type: 'member' } },
      dept: { type: 'string', 'x-formloom': { type: 'department' } },
      files: { type: 'array', items: { type: 'string' }, 'x-formloom': { type: 'attachment' } },
    },
  },
  ui: { order: ['company', 'contact', 'status', 'budget', 'due', 'owner', 'dept', 'files'] },
};

describe('filterKind', () => {
  it('follows the field type', () => {
    const p = lead.schema.properties!;
    expect([p.company, p.status, p.budget, p.due, p.owner, p.dept, p.files].map(filterKind)).toEqual([
      'text',
      'choice',
      'range',
      'dateRange',
      'member',
      'department',
      'none',
    ]);
  });
});

describe('listed and sortable', () => {
  it('lists linked records as a column, shown by name, but neither filters nor sorts by their IDs', () => {
    const customer = { type: 'string', 'x-formloom': { type: 'relation', form: 'customer' } };
    const p = lead.schema.properties!;
    expect([listed(customer), sortable(customer), filterKind(customer)]).toEqual([true, false, 'none']);
    expect([listed(p.company), listed(p.files), sortable(p.company)]).toEqual([true, false, true]);
  });
});

describe('buildFilter', () => {
  it('is empty when nothing filters', () => {
    expect(buildFilter(lead, '  ', { company: { kind: 'text', contains: '' } })).toBe('');
  });
  it('searches every text field and adds each column filter', () => {
    expect(searchFields(lead)).toEqual(['company', 'contact']);
    const f = JSON.parse(
      buildFilter(lead, '禾丰', {
        status: { kind: 'choice', values: ['new'] },
        budget: { kind: 'range', from: 1000 },
        owner: { kind: 'member', mine: true },
      }),
    );
    expect(f).toEqual({
      and: [
        { or: [{ field: 'company', op: 'contains', value: '禾丰' }, { field: 'contact', op: 'contains', value: '禾丰' }] },
        { field: 'status', op: 'in', value: ['new'] },
        { field: 'budget', op: 'gte', value: 1000 },
        { field: 'owner', op: 'eq', param: 'currentUser' },
      ],
    });
  });
  it('ignores filters on fields the member cannot see', () => {
    expect(buildFilter(lead, '', { secret: { kind: 'text', contains: 'x' } })).toBe('');
  });
  it('ranges have both ends, and my department is a parameter', () => {
    expect(columnNode('due', { kind: 'dateRange', from: '2026-01-01', to: '2026-01-31' })).toEqual({
      and: [
        { field: 'due', op: 'gte', value: '2026-01-01' },
        { field: 'due', op: 'lte', value: '2026-01-31' },
      ],
    });
    expect(columnNode('dept', { kind: 'department', mine: true })).toEqual({ field: 'dept', op: 'in', param: 'currentDepartments' });
  });
});

describe('sortParam and idsFilter', () => {
  it('sorts newest first by default', () => {
    expect(sortParam(undefined, null)).toBe('-_created');
    expect(sortParam('budget', 'descend')).toBe('-budget');
    expect(sortParam('company', 'ascend')).toBe('company');
  });
  it('selects rows by id', () => {
    expect(JSON.parse(idsFilter(['a', 'b']))).toEqual({ field: '_id', op: 'in', value: ['a', 'b'] });
  });
});

describe('the search box\'s hint', () => {
  const label = (k: string) => ({ title: '合同名称', counterparty: '合同相对方', summary: '主要条款' })[k] ?? k;
  it('names the first two fields it searches, and says when there are more', () => {
    expect(searchHint(['title', 'counterparty', 'summary'], label)).toEqual({ names: ['合同名称', '合同相对方'], more: true });
    expect(searchHint(['title'], label)).toEqual({ names: ['合同名称'], more: false });
    expect(searchHint([], label)).toEqual({ names: [], more: false });
  });
});

describe('the link filter of a related list’s 查看全部', () => {
  const task: FormDef = {
    key: 'task',
    name: { en: 'Task' },
    schema: {
      type: 'object',
      properties: {
        title: { type: 'string', 'x-formloom': { type: 'text' } },
        meeting: { type: 'string', 'x-formloom': { type: 'relation', form: 'meeting' } },
      },
    },
  };

  it('goes through the address and back, for a relation field only', () => {
    const search = new URLSearchParams(linkSearch({ field: 'meeting', id: 'm 1' }).slice(1));
    expect(linkOf(task, search)).toEqual({ field: 'meeting', id: 'm 1' });
    expect(linkOf(task, new URLSearchParams('linked=title&to=x'))).toBeUndefined();
    expect(linkOf(task, new URLSearchParams('linked=meeting'))).toBeUndefined();
    expect(linkOf(undefined, search)).toBeUndefined();
  });

  it('narrows the list’s own filter to the records linking the record', () => {
    const link = { field: 'meeting', id: 'm1' };
    expect(JSON.parse(withLink('', link))).toEqual({ field: 'meeting', op: 'eq', value: 'm1' });
    const own = buildFilter(task, 'plan', {});
    expect(JSON.parse(withLink(own, link))).toEqual({ and: [{ field: 'meeting', op: 'eq', value: 'm1' }, { field: 'title', op: 'contains', value: 'plan' }] });
    expect(withLink(own, undefined)).toBe(own);
  });
});
