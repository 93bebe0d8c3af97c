import type { FlowActive, FlowTask, PipelineDef, PipelineNode, RecordItem } from '../api/types';

/** The actions the record page offers, as the API names them. */
export type FlowAction = 'submit' | 'withdraw' | 'approve' | 'complete' | 'reject' | 'return' | 'transfer' | 'comment';

export interface MyTask {
  active: FlowActive;
  task: FlowTask;
  node?: PipelineNode;
}

/** openTaskFor finds the open task of userId among the record's active nodes. */
export function openTaskFor(record: RecordItem, userId: string, pipeline?: PipelineDef): MyTask | undefined {
  for (const active of record.flow?.active ?? []) {
    const task = (active.tasks ?? []).find((t) => t.assignee === userId && t.status === 'open');
    if (task) return { active, task, node: pipeline?.nodes.find((n) => n.key === active.node) };
  }
  return undefined;
}

/** mayStart says whether userId submits the record: its initiator, or before any run its owner or creator. */
function maySubmit(record: RecordItem, userId: string): boolean {
  const flow = record.flow;
  if (flow && flow.status !== 'draft' && flow.status !== 'returned') return false;
  if (flow?.initiator) return flow.initiator === userId;
  return record.owner === userId || record.createdBy === userId;
}

/**
 * availableActions lists what userId can do with the record, in the order the page shows
 * them. The server decides in the end; this only hides buttons that would be refused.
 * Without a pipeline for the form there is nothing to do but comment.
 */
export function availableActions(record: RecordItem, userId: string, pipeline?: PipelineDef): FlowAction[] {
  const out: FlowAction[] = [];
  if (!pipeline || record.deleted) return record.deleted ? [] : ['comment'];
  if (maySubmit(record, userId)) out.push('submit');
  const mine = openTaskFor(record, userId, pipeline);
  if (record.flow?.status === 'running' && mine) {
    if (mine.node?.type === 'task') out.push('complete');
    else out.push('approve', 'reject');
    out.push('return', 'transfer');
  }
  if (record.flow?.status === 'running' && record.flow.initiator === userId) out.push('withdraw');
  out.push('comment');
  return out;
}

/** editableFields are the fields a node lets its people write with the action's data. */
export function editableFields(node: PipelineNode | undefined): { key: string; required: boolean }[] {
  if (!node?.fields) return [];
  return Object.entries(node.fields)
    .filter(([, rule]) => rule === 'edit' || rule === 'required')
    .map(([key, rule]) => ({ key, required: rule === 'required' }));
}

/**
 * returnTargets are the nodes a record can be sent back to from `from`: the start node and
 * the approval and task nodes before it in the pipeline.
 */
export function returnTargets(pipeline: PipelineDef | undefined, from: string): PipelineNode[] {
  if (!pipeline) return [];
  const idx = pipeline.nodes.findIndex((n) => n.key === from);
  const before = idx < 0 ? pipeline.nodes : pipeline.nodes.slice(0, idx);
  return before.filter((n) => n.type === 'start' || n.type === 'approval' || n.type === 'task');
}
