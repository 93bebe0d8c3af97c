import { describe, expect, it } from 'vitest';
import type { Template } from '../form/designer';
import {
  addAction,
  addAutomation,
  automations,
  defaultAction,
  literalExpression,
  mappingOf,
  removeAction,
  removeAutomation,
  setAction,
  setDisabled,
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
