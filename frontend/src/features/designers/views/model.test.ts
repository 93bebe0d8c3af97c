import { describe, expect, it } from 'vitest';
import type { Template } from '../form/designer';
import { addView, kanbanGroups, moveColumn, removeView, renameView, setColumns, setFilter, setLayout, setRoles, setSort, views } from './model';

const base = (): Template => ({
  key: 'c',
  forms: [{ key: 'contract', name: { 'zh-CN': '合同' }, schema: { type: 'object', properties: {} } }],
  pipelines: [{ key: 'p', form: 'contract', nodes: [], edges: [] }],
  views: [{ key: 'all', form: 'contract', name: { 'zh-CN': '全部' }, columns: ['title', 'amount'], sort: ['-_created'] }],
});

describe('views model', () => {
  it('adds, renames and removes views without touching the input', () => {
    const t = base();
    const frozen = structuredClone(t);
    const added = addView(t, 'mine', 'contract', { 'zh-CN': '我的' }, ['title']);
    expect(views(added).map((v) => v.key)).toEqual(['all', 'mine']);
    expect(addView(added, 'mine', 'contract', {}, [])).toBe(added);
    expect(views(renameView(added, 1, '我的合同', 'Mine'))[1]!.name).toEqual({ 'zh-CN': '我的合同', en: 'Mine' });
    expect(views(removeView(added, 0)).map((v) => v.key)).toEqual(['mine']);
    expect(t).toEqual(frozen);
  });

  it('picks and orders columns', () => {
    let t = setColumns(base(), 0, ['title', 'amount', 'title', '_stage']);
    expect(views(t)[0]!.columns).toEqual(['title', 'amount', '_stage']);
    t = moveColumn(t, 0, 2, 0);
    expect(views(t)[0]!.columns).toEqual(['_stage', 'title', 'amount']);
    expect(moveColumn(t, 0, 5, 0)).toBe(t);
  });

  it('sets filter, sort (four keys, each once), layout and roles', () => {
    let t = setFilter(base(), 0, { field: 'amount', op: 'gt', value: 1 });
    expect(views(t)[0]!.filter).toEqual({ field: 'amount', op: 'gt', value: 1 });
    expect((setFilter(t, 0, undefined).views as Record<string, unknown>[])[0]!.filter).toBeUndefined();
    t = setSort(t, 0, [{ field: 'amount', desc: true }, { field: 'amount', desc: false }, { field: 'a', desc: false }, { field: 'b', desc: false }, { field: 'c', desc: false }, { field: 'd', desc: false }]);
    expect((t.views as Record<string, unknown>[])[0]!.sort).toEqual(['-amount', 'a', 'b', 'c']);
    t = setLayout(t, 0, 'kanban', '_stage');
    expect(views(t)[0]).toMatchObject({ type: 'kanban', groupBy: '_stage' });
    t = setLayout(t, 0, 'table');
    expect((t.views as Record<string, unknown>[])[0]).not.toHaveProperty('type');
    // A calendar takes its date field, and leaves no group behind; a table after it no date.
    t = setLayout(setLayout(t, 0, 'table', 'type'), 0, 'calendar', 'signedOn');
    expect((t.views as Record<string, unknown>[])[0]).toMatchObject({ type: 'calendar', date: 'signedOn' });
    expect((t.views as Record<string, unknown>[])[0]).not.toHaveProperty('groupBy');
    expect(views(t)[0]).toMatchObject({ type: 'calendar', date: 'signedOn' });
    t = setLayout(t, 0, 'table');
    expect((t.views as Record<string, unknown>[])[0]).not.toHaveProperty('date');
    t = setRoles(t, 0, ['legal', 'legal', 'finance']);
    expect(views(t)[0]!.roles).toEqual(['legal', 'finance']);
    expect((setRoles(t, 0, []).views as Record<string, unknown>[])[0]).not.toHaveProperty('roles');
  });

  it('offers select fields, and stages where the form has a pipeline, as kanban columns', () => {
    expect(kanbanGroups(base(), 'contract', ['type'])).toEqual(['type', '_stage']);
    expect(kanbanGroups(base(), 'other', ['type'])).toEqual(['type']);
  });
});

describe('kanban moves', () => {
  it('sets the group field, offers the pipeline for stages, ignores drops in place', async () => {
    const { cardMove } = await import('./model');
    expect(cardMove('type', 'sales', 'purchase')).toEqual({ kind: 'field', patch: { type: 'purchase' } });
    expect(cardMove('type', 'sales', 'sales')).toEqual({ kind: 'none' });
    expect(cardMove('type', 'sales', '')).toEqual({ kind: 'none' });
    expect(cardMove('_stage', '主管审核', '总监审批')).toEqual({ kind: 'stage', to: '总监审批' });
  });
});
