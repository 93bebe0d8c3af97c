import { describe, expect, it } from 'vitest';
import type { RecordItem } from '../../../shared/api/types';
import { nextStages, stageMove, stageOf, type PipelineWithEdges } from './stageMove';

// Contract approval: submit → supervisor → (legal ∥ finance) → director → approved.
const contract: PipelineWithEdges = {
  key: 'approval',
  form: 'contract',
  nodes: [
    { key: 'submit', type: 'start', stage: '提交' },
    { key: 'supervisor', type: 'approval', stage: '主管审核' },
    { key: 'split', type: 'parallel' },
    { key: 'legal', type: 'approval', stage: '法务/财务审核' },
    { key: 'finance', type: 'approval', stage: '法务/财务审核' },
    { key: 'join', type: 'join' },
    { key: 'director', type: 'approval', stage: '总监审批' },
    { key: 'review', type: 'task', stage: '归档' },
    { key: 'approved', type: 'end', stage: '已通过' },
  ],
  edges: [
    { from: 'submit', to: 'supervisor' },
    { from: 'supervisor', to: 'split' },
    { from: 'split', to: 'legal' },
    { from: 'split', to: 'finance' },
    { from: 'legal', to: 'join' },
    { from: 'finance', to: 'join' },
    { from: 'join', to: 'director' },
    { from: 'director', to: 'review' },
    { from: 'review', to: 'approved' },
  ],
};

const at = (node: string, assignee: string, status = 'open'): RecordItem => ({
  id: 'r1',
  version: 3,
  owner: 'sam',
  data: {},
  flow: { pipeline: 'approval', status: 'running', initiator: 'sam', active: [{ id: 'a1', node, tasks: [{ assignee, status }] }] } as RecordItem['flow'],
});

describe('stage moves on a kanban board', () => {
  it('follows the edges through parallel and join nodes to the next stages', () => {
    expect(nextStages(contract, 'supervisor')).toEqual(['法务/财务审核']);
    expect(nextStages(contract, 'legal')).toEqual(['总监审批']);
    expect(nextStages(contract, 'submit')).toEqual(['主管审核']);
    expect(nextStages(contract, 'approved')).toEqual([]);
  });

  it('offers approve to the assignee dropping on the next stage', () => {
    expect(stageMove(at('supervisor', 'li'), 'li', contract, '法务/财务审核')).toEqual({ kind: 'act', action: 'approve', node: 'supervisor', from: '主管审核' });
    expect(stageMove(at('review', 'li'), 'li', contract, '已通过')).toEqual({ kind: 'act', action: 'complete', node: 'review', from: '归档' });
  });

  it('offers return when dropped on an earlier step', () => {
    expect(stageMove(at('director', 'li'), 'li', contract, '主管审核')).toEqual({ kind: 'return', node: 'director', to: 'supervisor', from: '总监审批' });
  });

  it('refuses with a reason otherwise', () => {
    expect(stageMove(at('supervisor', 'li'), 'wang', contract, '法务/财务审核')).toEqual({ kind: 'refuse', reason: 'notYours' });
    expect(stageMove(at('supervisor', 'li', 'done'), 'li', contract, '法务/财务审核')).toEqual({ kind: 'refuse', reason: 'notYours' });
    expect(stageMove(at('supervisor', 'li'), 'li', contract, '总监审批')).toEqual({ kind: 'refuse', reason: 'notNext' });
    const done = { ...at('approved', 'li'), flow: { pipeline: 'approval', status: 'approved' } } as RecordItem;
    expect(stageMove(done, 'li', contract, '主管审核')).toEqual({ kind: 'refuse', reason: 'finished' });
    expect(stageMove(at('supervisor', 'li'), 'li', undefined, '主管审核')).toEqual({ kind: 'refuse', reason: 'noPipeline' });
  });

  it('offers submit to the owner of a draft dropped on the first step', () => {
    const draft: RecordItem = { id: 'd', version: 1, owner: 'sam', data: {} };
    expect(stageMove(draft, 'sam', contract, '主管审核')).toEqual({ kind: 'act', action: 'submit' });
    expect(stageMove(draft, 'li', contract, '主管审核')).toEqual({ kind: 'refuse', reason: 'notSubmitter' });
    expect(stageMove(draft, 'sam', contract, '总监审批')).toEqual({ kind: 'refuse', reason: 'notNext' });
  });
});

describe('stageOf', () => {
  it('names a stage as the server does: the stage, else the node’s name, else its key', () => {
    expect(stageOf({ key: 'approval_1', type: 'approval', stage: '审核', name: { 'zh-CN': '部门经理审批' } })).toBe('审核');
    expect(stageOf({ key: 'approval_1', type: 'approval', name: { 'zh-CN': '部门经理审批', en: 'Manager' } })).toBe('部门经理审批');
    expect(stageOf({ key: 'approval_1', type: 'approval', name: { en: 'Manager' } })).toBe('Manager');
    expect(stageOf({ key: 'approval_1', type: 'approval' })).toBe('approval_1');
  });
});
