import { describe, expect, it } from 'vitest';
import type { PipelineDef, RecordItem } from '../../../shared/api/types';
import { availableActions, returnTargets } from '../../records/flowActions';
import { returnToOf, switchOn, withReturnTo, withSwitch } from './allow';

describe('action switches', () => {
  it('are all on when the node says nothing, as before the switches existed', () => {
    for (const s of ['return', 'transfer', 'addApprover', 'withdraw', 'cc'] as const) expect(switchOn(undefined, s)).toBe(true);
    expect(returnToOf(undefined)).toBe('any');
  });

  it('write only what is switched off and drop allow when all are on again', () => {
    const off = withSwitch(undefined, 'transfer', false);
    expect(off).toEqual({ transfer: false });
    expect(switchOn(off, 'transfer')).toBe(false);
    expect(switchOn(off, 'cc')).toBe(true);
    expect(withSwitch(off, 'transfer', true)).toBeUndefined();
  });

  it('keep where a return goes unless return is switched off', () => {
    const prev = withReturnTo(undefined, 'previous');
    expect(prev).toEqual({ returnTo: 'previous' });
    expect(returnToOf(withReturnTo(prev, 'supervisor'))).toBe('supervisor');
    expect(withReturnTo(prev, 'any')).toBeUndefined();
    expect(withSwitch(prev, 'return', false)).toEqual({ return: false });
  });
});


describe('the record page honours the switches', () => {
  const pipeline: PipelineDef = {
    key: 'approval',
    form: 'contract',
    nodes: [
      { key: 'submit', type: 'start' },
      { key: 'supervisor', type: 'approval', allow: { withdraw: false, cc: false } },
      { key: 'legal', type: 'approval', allow: { transfer: false, addApprover: false, returnTo: 'previous' } },
      { key: 'finance', type: 'approval', allow: { return: false } },
      { key: 'done', type: 'end' },
    ],
  };
  const at = (node: string, who: string): RecordItem => ({
    id: 'r1',
    version: 1,
    owner: 'sam',
    createdBy: 'sam',
    data: {},
    flow: { pipeline: 'approval', status: 'running', initiator: 'sam', active: [{ id: 'a1', node, tasks: [{ id: 't1', assignee: who, status: 'open' }] }] },
  });

  it('hides what a node switches off from the person working on it', () => {
    expect(availableActions(at('legal', 'lea'), 'lea', pipeline)).toEqual(['approve', 'reject', 'return', 'cc', 'comment']);
    expect(availableActions(at('finance', 'fin'), 'fin', pipeline)).toEqual(['approve', 'reject', 'transfer', 'addApprover', 'cc', 'comment']);
  });

  it('hides withdraw and CC from the submitter while the run is at such a node', () => {
    expect(availableActions(at('supervisor', 'sue'), 'sam', pipeline)).toEqual(['urge', 'comment']);
    expect(availableActions(at('legal', 'lea'), 'sam', pipeline)).toEqual(['withdraw', 'urge', 'cc', 'comment']);
  });

  it('offers only the return targets the node names', () => {
    expect(returnTargets(pipeline, 'legal').map((n) => n.key)).toEqual(['supervisor']);
    expect(returnTargets(pipeline, 'supervisor').map((n) => n.key)).toEqual(['submit']);
  });
});
