import { describe, expect, it } from 'vitest';
import type { Template } from '../form/designer';
import {
  addAction,
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
