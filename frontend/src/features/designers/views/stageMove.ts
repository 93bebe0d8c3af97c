import type { PipelineDef, PipelineNode, RecordItem } from '../../../shared/api/types';

/**
 * Which pipeline action a kanban drop between stage columns stands for. A record moves
 * between stages only through its pipeline: dropping a card on the stage that follows the
 * member's own open step offers approve (or complete, on a task step); on a stage of an
 * earlier step, return to it; on the first step's stage of a draft, submit. Anything else is
 * refused with a reason in words, and the card snaps back. The server decides in the end.
 */

export interface PipelineEdge {
  from: string;
  to: string;
  when?: string;
  else?: boolean;
}

/** A pipeline as the template holds it: its nodes and the edges between them. */
export type PipelineWithEdges = PipelineDef & { edges?: PipelineEdge[] };

export type StageMove =
  | { kind: 'act'; action: 'approve' | 'complete' | 'submit'; node?: string; from?: string }
  | { kind: 'return'; node: string; to: string; from: string }
  | { kind: 'refuse'; reason: 'noPipeline' | 'finished' | 'notYours' | 'notNext' | 'notSubmitter' };

/** Node types that hold no stage of their own: the path goes through them. */
const PASS_THROUGH = new Set(['parallel', 'join', 'condition', 'automation', 'cc']);

/**
 * stageOf is the stage a record shows while at a node, as the server names it
 * (pipeline.Node.StageLabel): its stage, else its name (Chinese first), else its key.
 */
export function stageOf(n: PipelineNode | undefined): string {
  if (!n) return '';
  const named = typeof n.name === 'string' ? n.name : n.name?.['zh-CN'] || n.name?.en;
  return n.stage || named || n.key;
}

/**
 * nextStages lists the stages a record can reach when node `from` is done: following the
 * edges through nodes without a stage (parallel, join, condition: every branch counts, the
 * engine picks), stopping at the first node with one.
 */
export function nextStages(p: PipelineWithEdges, from: string): string[] {
  const byKey = new Map(p.nodes.map((n) => [n.key, n]));
  const out = new Set<string>();
  const seen = new Set<string>([from]);
  const queue = (p.edges ?? []).filter((e) => e.from === from).map((e) => e.to);
  while (queue.length > 0) {
    const key = queue.shift() as string;
    if (seen.has(key)) continue;
    seen.add(key);
    const n = byKey.get(key);
    if (!n) continue;
    const stage = stageOf(n);
    if (stage && !PASS_THROUGH.has(n.type)) {
      out.add(stage);
      continue;
    }
    for (const e of p.edges ?? []) if (e.from === key) queue.push(e.to);
  }
  return [...out];
}

/** earlierNodes are the nodes before `from` in the pipeline a record can be returned to. */
function earlierNodes(p: PipelineWithEdges, from: string): PipelineNode[] {
  const idx = p.nodes.findIndex((n) => n.key === from);
  const before = idx < 0 ? [] : p.nodes.slice(0, idx);
  return before.filter((n) => n.type === 'start' || n.type === 'approval' || n.type === 'task');
}

/** stageMove says what dropping record on the column of stage `to` does for userId. */
export function stageMove(record: RecordItem, userId: string, pipeline: PipelineWithEdges | undefined, to: string): StageMove {
  if (!pipeline) return { kind: 'refuse', reason: 'noPipeline' };
  const flow = record.flow;
  const status = flow?.status ?? 'draft';
  const start = pipeline.nodes.find((n) => n.type === 'start');
  if (status === 'draft' || status === 'returned' || !flow) {
    const initiator = flow?.initiator;
    const mine = initiator ? initiator === userId : record.owner === userId || record.createdBy === userId;
    if (!mine) return { kind: 'refuse', reason: 'notSubmitter' };
    if (start && nextStages(pipeline, start.key).includes(to)) return { kind: 'act', action: 'submit' };
    return { kind: 'refuse', reason: 'notNext' };
  }
  if (status !== 'running') return { kind: 'refuse', reason: 'finished' };
  let yours = false;
  for (const active of flow.active ?? []) {
    if (!(active.tasks ?? []).some((t) => t.assignee === userId && t.status === 'open')) continue;
    yours = true;
    const node = pipeline.nodes.find((n) => n.key === active.node);
    if (!node) continue;
    if (nextStages(pipeline, node.key).includes(to)) {
      return { kind: 'act', action: node.type === 'task' ? 'complete' : 'approve', node: node.key, from: stageOf(node) };
    }
    const back = earlierNodes(pipeline, node.key).find((n) => stageOf(n) === to);
    if (back) return { kind: 'return', node: node.key, to: back.key, from: stageOf(node) };
  }
  return { kind: 'refuse', reason: yours ? 'notNext' : 'notYours' };
}
