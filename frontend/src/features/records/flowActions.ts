import type { FlowActive, FlowTask, FormDef, JsonSchema, PipelineDef, PipelineNode, RecordItem } from '../../shared/api/types';

/** The actions the record page offers, as the API names them. */
export type FlowAction =
  | 'submit'
  | 'withdraw'
  | 'approve'
  | 'complete'
  | 'reject'
  | 'return'
  | 'transfer'
  | 'addApprover'
  | 'urge'
  | 'cc'
  | 'comment';

/** What the page knows about the user besides the record. */
export interface ActorInfo {
  /** A workspace owner or admin: they may urge and copy any run they can read. */
  manager?: boolean;
}

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
export function availableActions(record: RecordItem, userId: string, pipeline?: PipelineDef, actor: ActorInfo = {}): FlowAction[] {
  const out: FlowAction[] = [];
  if (!pipeline || record.deleted) return record.deleted ? [] : ['comment'];
  if (maySubmit(record, userId)) out.push('submit');
  const flow = record.flow;
  const running = flow?.status === 'running';
  const initiator = flow?.initiator !== undefined && flow.initiator === userId;
  const mine = openTaskFor(record, userId, pipeline);
  if (running && mine) {
    if (mine.node?.type === 'task') out.push('complete');
    else out.push('approve', 'reject');
    const allow = mine.node?.allow;
    if (allow?.return !== false) out.push('return');
    if (allow?.transfer !== false) out.push('transfer');
    if (mine.node?.type !== 'task' && allow?.addApprover !== false) out.push('addApprover');
  }
  // Withdraw and CC are switched off where the run is (docs/pipelines.md, Action switches).
  const here = mine ? [mine.node] : (flow?.active ?? []).map((a) => pipeline.nodes.find((n) => n.key === a.node));
  const offered = (s: 'withdraw' | 'cc') => here.every((n) => n?.allow?.[s] !== false);
  if (running && initiator && offered('withdraw')) out.push('withdraw');
  // 催办 reminds whoever's turn it is; the server allows it once an hour.
  if (running && (initiator || actor.manager)) out.push('urge');
  if (flow && flow.status !== 'draft' && (initiator || takesPart(record, userId) || actor.manager) && offered('cc')) out.push('cc');
  out.push('comment');
  return out;
}

/** takesPart says whether userId holds a task, open or done, on one of the record's current steps. */
function takesPart(record: RecordItem, userId: string): boolean {
  return (record.flow?.active ?? []).some((a) => (a.tasks ?? []).some((t) => t.assignee === userId));
}

/** editableFields are the fields a node lets its people write with the action's data. */
export function editableFields(node: PipelineNode | undefined): { key: string; required: boolean }[] {
  if (!node?.fields) return [];
  return Object.entries(node.fields)
    .filter(([, rule]) => rule === 'edit' || rule === 'required')
    .map(([key, rule]) => ({ key, required: rule === 'required' }));
}

/**
 * stepForm is form with the fields keys (a step's editable fields) writable. A role's update
 * rule can make a field read-only for a member (an applicant only reads the legal opinion),
 * yet the step's own rule is what lets its assignee fill it, and the server takes the value on
 * that ground; without this, a member holding both roles would be asked for fields not shown.
 */
export function stepForm<F extends FormDef>(form: F, keys: readonly string[]): F {
  const props = form.schema.properties;
  if (!props || !keys.some((k) => props[k]?.readOnly)) return form;
  const writable: Record<string, JsonSchema> = { ...props };
  for (const k of keys) {
    const prop = writable[k];
    if (!prop?.readOnly) continue;
    const { readOnly: _readOnly, ...rest } = prop;
    writable[k] = rest;
  }
  return { ...form, schema: { ...form.schema, properties: writable } };
}

/**
 * returnTargets are the nodes a record can be sent back to from `from`: the start node and
 * the approval and task nodes before it in the pipeline.
 */
export function returnTargets(pipeline: PipelineDef | undefined, from: string): PipelineNode[] {
  if (!pipeline) return [];
  const idx = pipeline.nodes.findIndex((n) => n.key === from);
  const before = idx < 0 ? pipeline.nodes : pipeline.nodes.slice(0, idx);
  const all = before.filter((n) => n.type === 'start' || n.type === 'approval' || n.type === 'task');
  // The node's allow.returnTo narrows them; the server has the last word ("previous" is
  // worked out on the graph there, approximated here by the nearest step in the list).
  const to = pipeline.nodes[idx]?.allow?.returnTo ?? 'any';
  if (to === 'any') return all;
  if (to === 'start') return all.filter((n) => n.type === 'start');
  if (to === 'previous') return all.length > 1 ? all.slice(-1) : all;
  return all.filter((n) => n.key === to);
}
