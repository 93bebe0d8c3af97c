import { describe, expect, it } from 'vitest';
import type { JsonObject, Template } from '../form/designer';
import { addNodeAction, nodeActions, removeNodeAction, setNodeActions, splitActionProblems, updateNodeAction } from './automationNode';
import { defaultAction } from '../automations/model';

const notify: JsonObject = { type: 'notify', to: [{ type: 'submitter' }], message: { 'zh-CN': '到了' } };
const doc: Template = {
  forms: [{ key: 'f', fields: [] }],
  pipelines: [
    {
      key: 'p',
      form: 'f',
      nodes: [
        { key: 'start', type: 'start' },
        { key: 'auto', type: 'automation', actions: [notify] },
        { key: 'end', type: 'end' },
      ],
      edges: [
        { from: 'start', to: 'auto' },
        { from: 'auto', to: 'end' },
      ],
    },
  ],
};

describe('automation node actions', () => {
  it('reads the actions of an automation node only', () => {
    expect(nodeActions(doc, 0, 'auto')).toEqual([notify]);
    expect(nodeActions(doc, 0, 'start')).toEqual([]);
    expect(nodeActions(doc, 3, 'auto')).toEqual([]);
  });

  it('adds, updates and removes actions, leaving the input untouched', () => {
    const added = addNodeAction(doc, 0, 'auto', defaultAction('webhook'));
    expect(nodeActions(added, 0, 'auto').map((a) => a.type)).toEqual(['notify', 'webhook']);
    const updated = updateNodeAction(added, 0, 'auto', 1, { type: 'webhook', url: 'https://example.com/hook' });
    expect(nodeActions(updated, 0, 'auto')[1]).toEqual({ type: 'webhook', url: 'https://example.com/hook' });
    const removed = removeNodeAction(updated, 0, 'auto', 0);
    expect(nodeActions(removed, 0, 'auto')).toEqual([{ type: 'webhook', url: 'https://example.com/hook' }]);
    expect(nodeActions(doc, 0, 'auto')).toEqual([notify]);
  });

  it('keeps the last action and at most 20', () => {
    expect(removeNodeAction(doc, 0, 'auto', 0)).toBe(doc);
    expect(setNodeActions(doc, 0, 'auto', [])).toBe(doc);
    const twenty = setNodeActions(doc, 0, 'auto', Array.from({ length: 20 }, () => notify));
    expect(nodeActions(twenty, 0, 'auto')).toHaveLength(20);
    expect(addNodeAction(twenty, 0, 'auto', notify)).toBe(twenty);
  });

  it('changes nothing for other nodes or out-of-range actions', () => {
    expect(addNodeAction(doc, 0, 'start', notify)).toBe(doc);
    expect(updateNodeAction(doc, 0, 'auto', 5, notify)).toBe(doc);
    expect(removeNodeAction(doc, 0, 'auto', -1)).toBe(doc);
  });

  it('sends problems inside an action to that action', () => {
    const problems = [
      { pointer: '/pipelines/0/nodes/1/actions/1/url', message: 'bad url' },
      { pointer: '/pipelines/0/nodes/1/actions/0', message: 'bad action' },
      { pointer: '/pipelines/0/nodes/1/actions', message: 'none' },
      { pointer: '/pipelines/0/nodes/1', message: 'unreachable' },
    ];
    const s = splitActionProblems(problems, 0, 1);
    expect(s.byAction[1]?.map((p) => p.message)).toEqual(['bad url']);
    expect(s.byAction[0]?.map((p) => p.message)).toEqual(['bad action']);
    expect(s.node.map((p) => p.message)).toEqual(['none', 'unreachable']);
  });
});
