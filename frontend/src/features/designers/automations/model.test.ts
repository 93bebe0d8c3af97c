import { describe, expect, it } from 'vitest';
import type { JsonObject, Template } from '../form/designer';
import {
  ACTION_TYPES,
  actionSpots,
  addAction,
  addMatchRow,
  matchableFields,
  matchRows,
  relationFieldsTo,
  removeMatchRow,
  setMatchRow,
  setUpdateIds,
  setUpdateTarget,
  setWhich,
  spotOf,
  spotProblems,
  targetSource,
  whichRecords,
  writableFields,
  addAutomation,
  automations,
  defaultAction,
  fixedExpression,
  fixedText,
  literalExpression,
  mappingOf,
  removeAction,
  removeAutomation,
  setAction,
  rowSource,
  rowSources,
  setDisabled,
  setForEach,
  setOwner,
  subforms,
  setMapping,
  setTrigger,
  setWhen,
} from './model';

const base = (): Template => ({
  key: 'c',
  forms: [
    { key: 'contract', name: { 'zh-CN': '合同' }, schema: { type: 'object', properties: {} } },
    { key: 'followup', name: { 'zh-CN': '跟进' }, schema: { type: 'object', properties: {} } },
  ],
  automations: [{ key: 'a', form: 'contract', on: { event: 'finished' }, actions: [{ type: 'notify', to: [{ type: 'submitter' }] }] }],
});

describe('automations model', () => {
  it('adds, disables and removes automations without touching the input', () => {
    const t = base();
    const frozen = structuredClone(t);
    const added = addAutomation(t, 'b', 'contract', '跟进');
    expect(automations(added).map((a) => [a.key, a.on.event, a.actions.length])).toEqual([
      ['a', 'finished', 1],
      ['b', 'created', 1],
    ]);
    expect(automations(setDisabled(added, 1, true))[1]!.disabled).toBe(true);
    expect(automations(removeAutomation(added, 0)).map((a) => a.key)).toEqual(['b']);
    expect(t).toEqual(frozen);
  });

  it('keeps only the trigger members that fit its event', () => {
    let t = setTrigger(base(), 0, { event: 'nodeEntered', node: 'legal', when: 'amount > 10' });
    expect((t.automations as Record<string, unknown>[])[0]!.on).toEqual({ event: 'nodeEntered', node: 'legal', when: 'amount > 10' });
    t = setTrigger(t, 0, { ...automations(t)[0]!.on, event: 'schedule', at: '09:00' });
    expect((t.automations as Record<string, unknown>[])[0]!.on).toEqual({ event: 'schedule', when: 'amount > 10', every: { days: 1 }, at: '09:00' });
    t = setWhen(t, 0, '');
    expect(automations(t)[0]!.on.when).toBeUndefined();
  });

  it('keeps an outcome only on the end of a run', () => {
    let t = setTrigger(base(), 0, { event: 'finished', outcome: 'approved' });
    expect((t.automations as Record<string, unknown>[])[0]!.on).toEqual({ event: 'finished', outcome: 'approved' });
    expect(automations(t)[0]!.on.outcome).toBe('approved');
    t = setTrigger(t, 0, { ...automations(t)[0]!.on, outcome: undefined });
    expect((t.automations as Record<string, unknown>[])[0]!.on).toEqual({ event: 'finished' });
    t = setTrigger(t, 0, { event: 'updated', outcome: 'rejected' });
    expect((t.automations as Record<string, unknown>[])[0]!.on).toEqual({ event: 'updated' });
  });

  it('edits actions, keeping at least one', () => {
    let t = addAction(base(), 0, defaultAction('createRecords', 'followup'));
    expect(automations(t)[0]!.actions[1]).toEqual({ type: 'createRecords', form: 'followup', map: {} });
    let act = setMapping(automations(t)[0]!.actions[1]!, 'note', 'title');
    act = setMapping(act, 'owner', 'record.owner');
    t = setAction(t, 0, 1, act);
    expect(mappingOf(automations(t)[0]!.actions[1]!)).toEqual({ note: 'title', owner: 'record.owner' });
    expect(mappingOf(setMapping(act, 'note', ''))).toEqual({ owner: 'record.owner' });
    t = removeAction(t, 0, 0);
    expect(automations(t)[0]!.actions.map((a) => a.type)).toEqual(['createRecords']);
    expect(removeAction(t, 0, 0)).toEqual(t);
  });

  it('writes fixed values as expressions', () => {
    expect(literalExpression('42')).toBe('42');
    expect(literalExpression('跟进 "A"')).toBe('"跟进 \\"A\\""');
  });
});

describe('automations model: fixed values and rows', () => {
  it('shows a fixed text or number as itself and any other expression after "="', () => {
    for (const [expr, text] of [
      ['"todo"', 'todo'],
      ['42', '42'],
      ['NOW()', '=NOW()'],
      ['"a" + title', '="a" + title'],
      ['', ''],
    ] as const) {
      expect(fixedText(expr)).toBe(text);
      expect(fixedExpression(text)).toBe(expr);
    }
    // Editing the shown text of a fixed value keeps it one value, not a quoted quote.
    expect(fixedExpression(fixedText('"todo"').replace('todo', 'done'))).toBe('"done"');
  });

  it('creates one record per row of a sub-form, dropping row values when the rows change', () => {
    let act: Record<string, unknown> = { type: 'createRecords', form: 'task', map: { title: 'item.item', meeting: 'record.id', note: 'CONCAT(item.notes, title)' } };
    act = setForEach(act as never, 'actionItems');
    expect(act.forEach).toBe('actionItems');
    expect(act.map).toEqual({ title: 'item.item', meeting: 'record.id', note: 'CONCAT(item.notes, title)' });
    const single = setForEach(act as never, '');
    expect(single.forEach).toBeUndefined();
    expect(single.map).toEqual({ meeting: 'record.id' });
    expect(setForEach(act as never, 'topics').map).toEqual({ meeting: 'record.id' });
    expect(rowSource('owner')).toBe('item.owner');
    expect(setOwner(act as never, 'owner').owner).toBe('owner');
    expect('owner' in setOwner({ ...act, owner: 'owner' } as never, '')).toBe(false);
  });

  it('offers the sub-forms of a form for rows, and their columns as sources', () => {
    const t: Template = {
      key: 'm',
      forms: [
        {
          key: 'meeting',
          name: { 'zh-CN': '会议纪要' },
          schema: {
            type: 'object',
            properties: {
              title: { type: 'string', 'x-formloom': { type: 'text', label: { 'zh-CN': '会议名称' } } },
              actionItems: {
                type: 'array',
                'x-formloom': { type: 'subform', label: { 'zh-CN': '行动项' } },
                items: {
                  type: 'object',
                  properties: {
                    item: { type: 'string', 'x-formloom': { type: 'text', label: { 'zh-CN': '事项' } } },
                    owner: { type: 'string', 'x-formloom': { type: 'member', label: { 'zh-CN': '负责人' } } },
                  },
                },
              },
            },
          },
        },
      ],
    };
    expect(subforms(t, 'meeting', 'zh-CN')).toEqual([{ value: 'actionItems', label: '行动项' }]);
    expect(rowSources(t, 'meeting', 'actionItems', 'zh-CN')).toEqual([
      { value: 'item.item', label: '行动项 › 事项' },
      { value: 'item.owner', label: '行动项 › 负责人' },
    ]);
  });
});

describe('automations model: updateRecords', () => {
  const field = (type: string, label: string, extra: Record<string, unknown> = {}) => ({ type: 'string', 'x-formloom': { type, label: { 'zh-CN': label }, ...extra } });
  const t: Template = {
    key: 'crm',
    forms: [
      { key: 'customer', name: { 'zh-CN': '客户' }, schema: { type: 'object', properties: { name: field('text', '名称'), lastFollowedAt: field('date', '最近跟进'), no: field('serial', '编号'), score: field('formula', '得分', { expr: '1' }) } } },
      {
        key: 'followup',
        name: { 'zh-CN': '跟进' },
        schema: { type: 'object', properties: { customer: field('relation', '客户', { form: 'customer' }), followedAt: field('date', '跟进时间'), nextDate: field('date', '下次跟进') } },
      },
      {
        key: 'meeting',
        name: { 'zh-CN': '会议' },
        schema: { type: 'object', properties: { title: field('text', '名称'), topics: { type: 'array', items: { type: 'object', properties: {} }, 'x-formloom': { type: 'subform', label: { 'zh-CN': '议题' } } } } },
      },
      {
        key: 'task',
        name: { 'zh-CN': '任务' },
        schema: {
          type: 'object',
          properties: {
            title: field('text', '任务'),
            status: field('select', '状态', { options: [{ value: 'todo', label: { 'zh-CN': '待办' } }, { value: 'cancelled', label: { 'zh-CN': '已取消' } }] }),
            meeting: field('relation', '会议', { form: 'meeting' }),
            meetingTime: field('lookup', '会议时间', { relation: 'meeting', field: 'startAt' }),
            files: { type: 'array', 'x-formloom': { type: 'attachment', label: { 'zh-CN': '附件' } } },
            labels: { type: 'array', 'x-formloom': { type: 'tags', label: { 'zh-CN': '标签' } } },
          },
        },
      },
      // Two links to the same form: the designer cannot guess which one the admin means.
      { key: 'transfer', name: { 'zh-CN': '调拨' }, schema: { type: 'object', properties: { from: field('relation', '调出客户', { form: 'customer' }), to: field('relation', '调入客户', { form: 'customer' }) } } },
    ],
  };

  it('is an action type of its own that starts with no form', () => {
    expect(ACTION_TYPES).toContain('updateRecords');
    expect(defaultAction('updateRecords', 'task')).toEqual({ type: 'updateRecords', form: '', values: {} });
    // Replacing an action by one of another type takes none of the old one's members.
    const doc = addAction({ ...t, automations: [{ key: 'a', form: 'followup', on: { event: 'created' }, actions: [{ type: 'setFields', values: { nextDate: 'TODAY()' } }] }] }, 0, defaultAction('createRecords', 'task'));
    const switched = setAction(doc, 0, 1, defaultAction('updateRecords'));
    expect(automations(switched)[0]!.actions[1]).toEqual({ type: 'updateRecords', form: '', values: {} });
  });

  it('finds the relation fields of a form that point to another', () => {
    expect(relationFieldsTo(t, 'followup', 'customer')).toEqual(['customer']);
    expect(relationFieldsTo(t, 'transfer', 'customer')).toEqual(['from', 'to']);
    expect(relationFieldsTo(t, 'task', 'meeting')).toEqual(['meeting']);
    expect(relationFieldsTo(t, 'meeting', 'task')).toEqual([]);
    expect(relationFieldsTo(t, 'followup', '')).toEqual([]);
    expect(relationFieldsTo(t, 'nowhere', 'customer')).toEqual([]);
  });

  it('lists the fields it may write and those it may match by', () => {
    expect(writableFields(t, 'customer', 'zh-CN').map((f) => f.key)).toEqual(['name', 'lastFollowedAt']);
    expect(writableFields(t, 'task', 'zh-CN').map((f) => f.key)).toEqual(['title', 'status', 'meeting', 'files', 'labels']);
    expect(matchableFields(t, 'task', 'zh-CN').map((f) => f.key)).toEqual(['title', 'status', 'meeting', 'meetingTime']);
    expect(matchableFields(t, 'meeting', 'zh-CN').map((f) => f.key)).toEqual(['title']);
  });

  it('resets what it had when the form changes, starting by the one link there is', () => {
    const had = { type: 'updateRecords', form: 'task', match: { meeting: 'record.id' }, values: { status: '"cancelled"' } };
    expect(setUpdateTarget(t, 'followup', had, 'customer')).toEqual({ type: 'updateRecords', form: 'customer', ids: 'customer', values: {} });
    // Two links: the admin picks one.
    expect(setUpdateTarget(t, 'transfer', had, 'customer')).toEqual({ type: 'updateRecords', form: 'customer', values: {} });
    expect(whichRecords(setUpdateTarget(t, 'transfer', had, 'customer'))).toBe('ids');
    // No link to it: matching, on nothing yet.
    expect(setUpdateTarget(t, 'followup', { ...had, form: 'customer', ids: 'customer' }, 'meeting')).toEqual({ type: 'updateRecords', form: 'meeting', match: {}, values: {} });
    expect(setUpdateTarget(t, 'followup', had, '')).toEqual({ type: 'updateRecords', form: '', values: {} });
  });

  it('updates the children of the record: their link back to it holds its ID', () => {
    const picked = setUpdateTarget(t, 'meeting', defaultAction('updateRecords'), 'task');
    expect(picked).toEqual({ type: 'updateRecords', form: 'task', match: { meeting: 'record.id' }, values: {} });
    expect(whichRecords(picked)).toBe('match');
    expect(matchRows(picked)).toEqual([{ field: 'meeting', expr: 'record.id' }]);
  });

  it('finds the records one way at a time', () => {
    const byIds = { type: 'updateRecords', form: 'customer', ids: 'customer', values: { lastFollowedAt: 'followedAt' } };
    const byMatch = setWhich(t, 'followup', byIds, 'match');
    expect(byMatch).toEqual({ type: 'updateRecords', form: 'customer', match: {}, values: { lastFollowedAt: 'followedAt' } });
    expect(setWhich(t, 'followup', byMatch, 'match')).toBe(byMatch);
    expect(setWhich(t, 'followup', byMatch, 'ids')).toEqual(byIds);
    // Picking a relation field leaves matching; clearing it leaves neither.
    const again = setUpdateIds({ ...byMatch, match: { name: '"x"' } }, 'customer');
    expect(again).toEqual(byIds);
    expect(setUpdateIds(again, '')).toEqual({ type: 'updateRecords', form: 'customer', values: { lastFollowedAt: 'followedAt' } });
    // A match row finds the records by matching, and ids goes.
    expect(setMatchRow(byIds, '', { field: 'name', expr: '"x"' })).toEqual({ type: 'updateRecords', form: 'customer', match: { name: '"x"' }, values: { lastFollowedAt: 'followedAt' } });
  });

  it('edits match rows in place', () => {
    let act = setUpdateTarget(t, 'meeting', defaultAction('updateRecords'), 'task');
    act = addMatchRow(act, 'status');
    expect(matchRows(act)).toEqual([{ field: 'meeting', expr: 'record.id' }, { field: 'status', expr: '' }]);
    expect(addMatchRow(act, 'status')).toBe(act);
    act = setMatchRow(act, 'status', { field: 'status', expr: ' "todo" ' });
    expect(act.match).toEqual({ meeting: 'record.id', status: '"todo"' });
    // Another field for the first row keeps its place and its value.
    act = setMatchRow(act, 'meeting', { field: 'title', expr: 'record.id' });
    expect(matchRows(act).map((r) => r.field)).toEqual(['title', 'status']);
    // A field another row had: that row gives way.
    act = setMatchRow(act, 'title', { field: 'status', expr: 'title' });
    expect(act.match).toEqual({ status: 'title' });
    act = removeMatchRow(act, 'status');
    expect(act).toEqual({ type: 'updateRecords', form: 'task', match: {}, values: {} });
  });

  it('sets the values of the records, from the source, the record or their own', () => {
    let act: JsonObject = { type: 'updateRecords', form: 'customer', ids: 'customer', values: {} };
    act = setMapping(act, 'lastFollowedAt', 'followedAt');
    act = setMapping(act, 'name', fixedExpression('=target.name + "（已跟进）"'));
    expect(act.values).toEqual({ lastFollowedAt: 'followedAt', name: 'target.name + "（已跟进）"' });
    expect(mappingOf(act)).toEqual(act.values);
    expect(mappingOf(setMapping(act, 'name', ''))).toEqual({ lastFollowedAt: 'followedAt' });
    expect(targetSource('stock')).toBe('target.stock');
    expect('map' in act).toBe(false);
  });

  it('places the server problems at the controls that show them', () => {
    const act = { type: 'updateRecords', form: 'task', match: { meeting: 'record.id' }, values: {} };
    const spots = actionSpots(t, 'meeting', act);
    expect(spots).toEqual(['/form', '/ids', '/match', '/match/meeting', '/values', '/values/title', '/values/status', '/values/meeting', '/values/files', '/values/labels']);
    expect(actionSpots(t, 'meeting', { type: 'updateRecords', form: '', values: {} })).toEqual(['/form']);
    const at = '/automations/0/actions/1';
    const placed = spotProblems(
      [
        { pointer: `${at}/match/meeting`, message: '「会议」不是…' },
        { pointer: `${at}/match`, message: '请选择要修改的记录' },
        { pointer: `${at}/values/status`, message: '表达式有误' },
        { pointer: `${at}/values/meetingTime`, message: '「会议时间」是查找字段，不能写入' },
        { pointer: `${at}/form`, message: '未知表单' },
        { pointer: at, message: '动作有误' },
      ],
      at,
      spots,
    );
    // A computed field is not listed: its problem shows above the values, at the deepest spot drawn.
    expect(Object.fromEntries(placed.at)).toEqual({
      '/match/meeting': ['「会议」不是…'],
      '/match': ['请选择要修改的记录'],
      '/values/status': ['表达式有误'],
      '/values': ['「会议时间」是查找字段，不能写入'],
      '/form': ['未知表单'],
    });
    // One on the action itself heads it.
    expect(placed.rest.map((p) => p.message)).toEqual(['动作有误']);
    expect(spotOf('match', 'a/b')).toBe('/match/a~1b');
    expect(actionSpots(t, 'meeting', { type: 'createRecords', form: 'customer', map: {} })).toEqual(['/form', '/forEach', '/owner', '/map/name', '/map/lastFollowedAt']);
  });
});
