import type { Json, JsonObject, Template } from '../form/designer';

/**
 * The flow designer's model: a template pipeline (nodes and edges as the format writes them)
 * read as a graph the designer can draw — condition branches, parallel splits with the join
 * that closes them — and the edits an admin makes on it. Every edit is a pure function from
 * template to template that keeps the graph well formed: a join always follows its split, a
 * condition keeps its else branch, nothing is left unreachable. Members of nodes and edges the
 * designer does not know are kept as written, so an unchanged pipeline saves unchanged.
 */

export const NODE_TYPES = ['start', 'task', 'approval', 'condition', 'parallel', 'join', 'automation', 'cc', 'end'] as const;
export type NodeType = (typeof NODE_TYPES)[number];

/** The node types an admin inserts on an edge (a join comes with its parallel split). */
export const INSERTABLE = ['approval', 'task', 'cc', 'condition', 'parallel', 'automation', 'end'] as const;
export type InsertableType = (typeof INSERTABLE)[number];

export interface PipelineJson extends JsonObject {
  key: string;
  form: string;
  nodes: NodeJson[];
  edges: EdgeJson[];
}

export interface NodeJson extends JsonObject {
  key: string;
  type: string;
}

export interface EdgeJson extends JsonObject {
  from: string;
  to: string;
}

/** Why a pipeline cannot be drawn: it opens read-only, never rewritten. */
export interface Undrawable {
  code:
    | 'unknown_type'
    | 'start_count'
    | 'unknown_node'
    | 'duplicate_key'
    | 'too_many_edges'
    | 'unmatched_split'
    | 'join_without_split'
    | 'edge_into_start'
    | 'duplicate_edge';
  /** The node or edge concerned: a node key or "from→to". */
  at: string;
}

export interface FlowGraph {
  nodes: NodeJson[];
  /** Edges with their place in the template's list (the pointer /edges/i). */
  edges: { index: number; edge: EdgeJson }[];
  /** Each parallel split's join. */
  joinOf: Record<string, string>;
  /** Set when the designer cannot draw this pipeline: it is shown read-only with the reason. */
  undrawable?: Undrawable;
}

const isObject = (v: Json | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** pipelineAt reads the pipeline at index i of a template, or undefined. */
export function pipelineAt(t: Template, i: number): PipelineJson | undefined {
  const list = t.pipelines;
  if (!Array.isArray(list)) return undefined;
  const p = list[i];
  if (!isObject(p) || !Array.isArray(p.nodes) || !Array.isArray(p.edges)) return undefined;
  return p as PipelineJson;
}

function withPipeline(t: Template, i: number, p: PipelineJson): Template {
  const list = Array.isArray(t.pipelines) ? [...t.pipelines] : [];
  list[i] = p;
  return { ...t, pipelines: list };
}

/** outOf lists the edges leaving a node, in the template's order (a condition tries them so). */
export function outOf(p: PipelineJson, key: string): { index: number; edge: EdgeJson }[] {
  return p.edges.map((edge, index) => ({ index, edge })).filter((x) => x.edge.from === key);
}

export function inOf(p: PipelineJson, key: string): { index: number; edge: EdgeJson }[] {
  return p.edges.map((edge, index) => ({ index, edge })).filter((x) => x.edge.to === key);
}

export function nodeOf(p: PipelineJson, key: string): NodeJson | undefined {
  return p.nodes.find((n) => n.key === key);
}

/**
 * matchJoin finds the join closing a parallel split: every branch is followed (nested splits
 * jump to their own join, conditions fan out) until a join; all branches must reach the same
 * one and no branch may end or leave before it.
 */
function matchJoin(p: PipelineJson, split: string, depth = 0): string | undefined {
  if (depth > 50) return undefined;
  const joins = new Set<string>();
  let escaped = false;
  for (const { edge } of outOf(p, split)) {
    const seen = new Set<string>();
    const stack = [edge.to];
    while (stack.length > 0) {
      const k = stack.pop()!;
      if (seen.has(k)) continue;
      seen.add(k);
      const n = nodeOf(p, k);
      if (!n) return undefined;
      if (n.type === 'join') {
        joins.add(k);
        continue;
      }
      if (n.type === 'end' || k === split) {
        escaped = true;
        continue;
      }
      let next = k;
      if (n.type === 'parallel') {
        const inner = matchJoin(p, k, depth + 1);
        if (!inner) return undefined;
        next = inner;
      }
      for (const o of outOf(p, next)) stack.push(o.edge.to);
    }
  }
  if (escaped || joins.size !== 1) return undefined;
  return [...joins][0];
}

/** toGraph reads a pipeline as the designer draws it, or says why it cannot. */
export function toGraph(p: PipelineJson): FlowGraph {
  const g: FlowGraph = { nodes: p.nodes, edges: p.edges.map((edge, index) => ({ index, edge })), joinOf: {} };
  const fail = (code: Undrawable['code'], at: string): FlowGraph => ({ ...g, undrawable: { code, at } });
  const keys = new Set<string>();
  for (const n of p.nodes) {
    if (keys.has(n.key)) return fail('duplicate_key', n.key);
    keys.add(n.key);
    if (!(NODE_TYPES as readonly string[]).includes(n.type)) return fail('unknown_type', n.key);
  }
  if (p.nodes.length > 0 && p.nodes.filter((n) => n.type === 'start').length !== 1) return fail('start_count', p.nodes[0]!.key);
  const pairs = new Set<string>();
  for (const e of p.edges) {
    const at = `${e.from}→${e.to}`;
    if (!keys.has(e.from) || !keys.has(e.to)) return fail('unknown_node', at);
    if (nodeOf(p, e.to)?.type === 'start') return fail('edge_into_start', at);
    if (pairs.has(at)) return fail('duplicate_edge', at);
    pairs.add(at);
  }
  for (const n of p.nodes) {
    const out = outOf(p, n.key).length;
    if (n.type !== 'condition' && n.type !== 'parallel' && out > (n.type === 'end' ? 0 : 1)) return fail('too_many_edges', n.key);
  }
  const closed = new Set<string>();
  for (const n of p.nodes) {
    if (n.type !== 'parallel') continue;
    const j = matchJoin(p, n.key);
    if (!j || closed.has(j)) return fail('unmatched_split', n.key);
    closed.add(j);
    g.joinOf[n.key] = j;
  }
  for (const n of p.nodes) if (n.type === 'join' && !closed.has(n.key)) return fail('join_without_split', n.key);
  return g;
}

/** fromGraph writes a drawn graph back as the pipeline's nodes and edges, everything else kept. */
export function fromGraph(p: PipelineJson, g: FlowGraph): PipelineJson {
  return { ...p, nodes: g.nodes, edges: g.edges.map((e) => e.edge) };
}

/** newKey gives a node key of the format (lowercase, digits, underscores) not yet used. */
export function newKey(p: PipelineJson, type: string, taken: Set<string> = new Set()): string {
  const used = new Set([...p.nodes.map((n) => n.key), ...taken]);
  for (let i = 1; ; i++) {
    const k = `${type}_${i}`;
    if (!used.has(k)) return k;
  }
}

/** Default names of new nodes, in both languages. */
const NAMES: Record<NodeType, { 'zh-CN': string; en: string }> = {
  start: { 'zh-CN': '发起', en: 'Submit' },
  task: { 'zh-CN': '办理', en: 'Task' },
  approval: { 'zh-CN': '审批', en: 'Approval' },
  condition: { 'zh-CN': '条件', en: 'Condition' },
  parallel: { 'zh-CN': '并行', en: 'Parallel' },
  join: { 'zh-CN': '汇合', en: 'Join' },
  automation: { 'zh-CN': '自动化', en: 'Automation' },
  cc: { 'zh-CN': '抄送', en: 'CC' },
  end: { 'zh-CN': '结束', en: 'End' },
};

export function newNode(type: NodeType, key: string): NodeJson {
  const n: NodeJson = { key, type, name: { ...NAMES[type] } };
  if (type === 'approval') n.mode = 'single';
  if (type === 'end') n.outcome = 'approved';
  if (type === 'automation') n.actions = [{ type: 'notify', to: [{ type: 'submitter' }], message: { 'zh-CN': '流程已到达此步骤', en: 'The flow reached this step' } }];
  // An approval starts with nobody: whoever it is must be chosen (the server refuses the
  // draft until then, on the node), never the submitter approving their own request.
  if (type === 'approval') n.assignees = [];
  if (type === 'task' || type === 'cc') n.assignees = [{ type: 'submitter' }];
  return n;
}

/** newPipeline is the smallest pipeline that runs: a start and an end, for the form. */
export function newPipeline(key: string, form: string): PipelineJson {
  return {
    key,
    form,
    name: { 'zh-CN': '流程', en: 'Flow' },
    nodes: [newNode('start', 'start'), newNode('end', 'end')],
    edges: [{ from: 'start', to: 'end' }],
  };
}

/** addPipeline gives a form without a pipeline a new one (start → end). */
export function addPipeline(t: Template, form: string): Template {
  const list = Array.isArray(t.pipelines) ? t.pipelines : [];
  const keys = new Set(list.filter(isObject).map((p) => String(p.key)));
  let key = `${form}_flow`;
  for (let i = 2; keys.has(key); i++) key = `${form}_flow_${i}`;
  return { ...t, pipelines: [...list, newPipeline(key, form)] };
}

/** startFlow fills a pipeline with no nodes with a start and an end. */
export function startFlow(t: Template, pi: number): Template {
  const p = pipelineAt(t, pi);
  if (!p || p.nodes.length > 0) return t;
  const fresh = newPipeline(p.key, p.form);
  return withPipeline(t, pi, { ...p, nodes: fresh.nodes, edges: fresh.edges });
}

/** A branch of a condition or parallel split: the edge leaving the split and the nodes only it holds. */
export interface Branch {
  edge: number;
  nodes: string[];
}

/**
 * mergeOf is where a split's branches meet again: a parallel's join, or for a condition the
 * first node every branch that does not end reaches (undefined when all branches end).
 */
export function mergeOf(p: PipelineJson, split: string): string | undefined {
  const n = nodeOf(p, split);
  if (!n) return undefined;
  if (n.type === 'parallel') return toGraph(p).joinOf[split];
  const reachSets = outOf(p, split).map((o) => reachFrom(p, o.edge.to, split));
  // The merge is the first node (in the first branch's walk order) that every branch reaching
  // past its own end nodes also reaches.
  const continuing = reachSets.filter((s) => !(s.order.length === 1 && nodeOf(p, s.order[0]!)?.type === 'end'));
  const first = continuing[0] ?? reachSets[0]!;
  for (const k of first.order) {
    if (continuing.every((s) => s.set.has(k))) return k;
  }
  return undefined;
}

/** reachFrom lists the nodes reachable from a node (itself first), breadth first, not passing stop. */
function reachFrom(p: PipelineJson, from: string, stop: string): { order: string[]; set: Set<string> } {
  const order: string[] = [];
  const set = new Set<string>();
  const queue = [from];
  while (queue.length > 0) {
    const k = queue.shift()!;
    if (set.has(k) || k === stop) continue;
    set.add(k);
    order.push(k);
    for (const o of outOf(p, k)) queue.push(o.edge.to);
  }
  return { order, set };
}

/** branchesOf lists a split's branches with the nodes each holds alone (before the merge). */
export function branchesOf(p: PipelineJson, split: string): Branch[] {
  const merge = mergeOf(p, split);
  const outs = outOf(p, split);
  const reach = outs.map((o) => {
    const nodes: string[] = [];
    const seen = new Set<string>();
    const queue = [o.edge.to];
    while (queue.length > 0) {
      const k = queue.shift()!;
      if (seen.has(k) || k === merge || k === split) continue;
      seen.add(k);
      nodes.push(k);
      const n = nodeOf(p, k);
      const next = n?.type === 'parallel' ? toGraph(p).joinOf[k] : undefined;
      if (next) {
        // A nested split belongs to the branch whole, its join included.
        for (const inner of [...branchesOf(p, k).flatMap((b) => b.nodes), next]) if (!seen.has(inner)) {
          seen.add(inner);
          nodes.push(inner);
        }
        for (const x of outOf(p, next)) queue.push(x.edge.to);
        continue;
      }
      for (const x of outOf(p, k)) queue.push(x.edge.to);
    }
    return nodes;
  });
  // A node two branches reach (a loop back, a shared tail) belongs to neither alone.
  return outs.map((o, i) => ({
    edge: o.index,
    nodes: reach[i]!.filter((k) => reach.every((other, j) => j === i || !other.includes(k)) && !preExists(p, split, k)),
  }));
}

/** preExists says whether k comes before the split (reachable from the start without it): a loop back. */
function preExists(p: PipelineJson, split: string, k: string): boolean {
  const start = p.nodes.find((n) => n.type === 'start');
  if (!start) return false;
  return reachFrom(p, start.key, split).set.has(k);
}

/** EditResult: the new template, or the old one with the reason the edit was refused. */
export type Refusal = 'start_fixed' | 'last_end' | 'min_branches' | 'not_a_split' | 'would_break' | 'unknown';

function refuseIfBroken(before: Template, after: Template, pi: number): Template {
  const p = pipelineAt(after, pi);
  if (!p) return before;
  const g = toGraph(p);
  return g.undrawable ? before : after;
}

/**
 * insertNode puts a new node of a type on edge ei (from → to becomes from → new → to). A
 * condition comes with an else branch (on to) and one conditional branch through a new
 * approval to the same place; a
 * parallel comes with its join and two branches of one approval each. Returns the template and
 * the key of the node inserted (the one to select).
 */
export function insertNode(t: Template, pi: number, ei: number, type: InsertableType): { doc: Template; key?: string } {
  const p = pipelineAt(t, pi);
  const e = p?.edges[ei];
  if (!p || !e) return { doc: t };
  const taken = new Set<string>();
  const key = newKey(p, type, taken);
  taken.add(key);
  const nodes = [...p.nodes];
  const edges = [...p.edges];
  // The new node takes the edge's place: the edge now ends at it, keeping when/else.
  const at = nodes.findIndex((n) => n.key === e.to);
  const place = at < 0 ? nodes.length : at;
  const added: NodeJson[] = [newNode(type, key)];
  const newEdges: EdgeJson[] = [];
  edges[ei] = { ...e, to: key };
  switch (type) {
    case 'condition': {
      // Both branches go on to what came next, the conditional one through a step of its own:
      // a condition picks a path (big amounts past the director), and the paths meet again,
      // as a branch added later does. A branch that should end the run gets an end put on it.
      const step = newKey(p, 'approval', taken);
      taken.add(step);
      added.push(newNode('approval', step));
      newEdges.push({ from: key, to: step, when: '' }, { from: key, to: e.to, else: true }, { from: step, to: e.to });
      break;
    }
    case 'parallel': {
      const join = newKey(p, 'join', taken);
      taken.add(join);
      const a = newKey(p, 'approval', taken);
      taken.add(a);
      const b = newKey(p, 'approval', taken);
      added.push(newNode('approval', a), newNode('approval', b), newNode('join', join));
      newEdges.push({ from: key, to: a }, { from: key, to: b }, { from: a, to: join }, { from: b, to: join }, { from: join, to: e.to });
      break;
    }
    case 'end': {
      // Only a condition's branch may end the run (amounts over the limit are refused): the
      // branch's edge then leads to a new 不通过 end, and the steps it alone held go with it.
      // Elsewhere an end would cut off what comes after.
      if (!endsBranch(p, ei)) return { doc: t };
      const alone = new Set(branchesOf(p, e.from).find((b) => b.edge === ei)?.nodes ?? []);
      const endNode = added[0]!;
      endNode.outcome = 'rejected';
      endNode.name = { 'zh-CN': '不通过', en: 'Rejected' };
      const q = removeNodes({ ...p, nodes: [...nodes.slice(0, place), endNode, ...nodes.slice(place)], edges }, alone);
      const doc = refuseIfBroken(t, withPipeline(t, pi, q), pi);
      return doc === t ? { doc } : { doc, key };
    }
    default:
      newEdges.push({ from: key, to: e.to });
  }
  nodes.splice(place, 0, ...added);
  // The new edges follow the one they split, so condition edges keep their order.
  edges.splice(ei + 1, 0, ...newEdges);
  const doc = refuseIfBroken(t, withPipeline(t, pi, { ...p, nodes, edges }), pi);
  return doc === t ? { doc } : { doc, key };
}

/** endsBranch says whether edge ei may end the run: a condition's branch, not its else. */
export function endsBranch(p: PipelineJson, ei: number): boolean {
  const e = p.edges[ei];
  return !!e && !e.else && nodeOf(p, e.from)?.type === 'condition';
}

/**
 * addBranch adds a branch to a condition (a new conditional branch, tried before else, with one
 * approval leading to where the else branch leads) or to a parallel split (one approval to
 * the join).
 */
export function addBranch(t: Template, pi: number, split: string): { doc: Template; key?: string } {
  const p = pipelineAt(t, pi);
  const n = p && nodeOf(p, split);
  if (!p || !n || (n.type !== 'condition' && n.type !== 'parallel')) return { doc: t };
  const outs = outOf(p, split);
  let target: string | undefined;
  if (n.type === 'parallel') target = toGraph(p).joinOf[split];
  else target = mergeOf(p, split) ?? outs.find((o) => o.edge.else)?.edge.to;
  if (!target) return { doc: t };
  const key = newKey(p, 'approval');
  const nodes = [...p.nodes];
  const edges = [...p.edges];
  const targetAt = nodes.findIndex((x) => x.key === target);
  nodes.splice(targetAt < 0 ? nodes.length : targetAt, 0, newNode('approval', key));
  const branch: EdgeJson = n.type === 'condition' ? { from: split, to: key, when: '' } : { from: split, to: key };
  // Conditions try their edges in order; a new branch goes before the else edge.
  const elseAt = outs.find((o) => o.edge.else)?.index;
  const lastOut = outs[outs.length - 1]!.index;
  edges.splice(elseAt ?? lastOut + 1, 0, branch);
  edges.push({ from: key, to: target });
  const doc = refuseIfBroken(t, withPipeline(t, pi, { ...p, nodes, edges }), pi);
  return doc === t ? { doc } : { doc, key };
}

/** removeNodes drops nodes and every edge touching them. */
function removeNodes(p: PipelineJson, keys: Set<string>): PipelineJson {
  return {
    ...p,
    nodes: p.nodes.filter((n) => !keys.has(n.key)),
    edges: p.edges.filter((e) => !keys.has(e.from) && !keys.has(e.to)),
  };
}

/** redirect points the edges entering `from` at `to` instead (dropping ones that would repeat). */
function redirect(p: PipelineJson, from: string, to: string): PipelineJson {
  const seen = new Set(p.edges.filter((e) => e.to !== from).map((e) => `${e.from}→${e.to}`));
  const edges: EdgeJson[] = [];
  for (const e of p.edges) {
    if (e.to !== from) {
      edges.push(e);
      continue;
    }
    const id = `${e.from}→${to}`;
    if (seen.has(id)) continue;
    seen.add(id);
    edges.push({ ...e, to });
  }
  return { ...p, edges };
}

/**
 * deleteBranch removes a branch of a condition or parallel split and the nodes only it holds.
 * A split left with one branch goes too (a parallel with its join): its last branch joins the
 * flow directly. The else branch of a condition cannot be deleted while others remain; delete
 * the condition instead.
 */
export function deleteBranch(t: Template, pi: number, ei: number): { doc: Template; refused?: Refusal } {
  const p = pipelineAt(t, pi);
  const e = p?.edges[ei];
  const split = p && e ? nodeOf(p, e.from) : undefined;
  if (!p || !e || !split || (split.type !== 'condition' && split.type !== 'parallel')) return { doc: t, refused: 'not_a_split' };
  if (split.type === 'condition' && e.else) return { doc: t, refused: 'min_branches' };
  const branches = branchesOf(p, split.key);
  const b = branches.find((x) => x.edge === ei);
  if (!b) return { doc: t, refused: 'unknown' };
  let q: PipelineJson = { ...p, edges: p.edges.filter((_, i) => i !== ei) };
  q = removeNodes(q, new Set(b.nodes));
  if (outOf(q, split.key).length === 1) q = collapseSplit(q, split.key);
  const doc = withPipeline(t, pi, q);
  const after = refuseIfBroken(t, doc, pi);
  return after === t ? { doc: t, refused: 'would_break' } : { doc };
}

/** collapseSplit removes a split with a single branch left (and its join): the branch takes its place. */
function collapseSplit(p: PipelineJson, split: string): PipelineJson {
  const n = nodeOf(p, split);
  const only = outOf(p, split)[0]?.edge.to;
  if (!n || !only) return p;
  const join = n.type === 'parallel' ? toGraph(p).joinOf[split] : undefined;
  let q = redirect(p, split, only);
  q = { ...q, edges: q.edges.filter((e) => e.from !== split).map((e) => stripWhen(q, e)) };
  q = { ...q, nodes: q.nodes.filter((x) => x.key !== split) };
  if (join) {
    const after = outOf(q, join)[0]?.edge.to;
    if (after) {
      q = redirect(q, join, after);
      q = { ...q, edges: q.edges.filter((e) => e.from !== join), nodes: q.nodes.filter((x) => x.key !== join) };
    }
  }
  return q;
}

/** An edge whose source is no longer a condition loses its when/else. */
function stripWhen(p: PipelineJson, e: EdgeJson): EdgeJson {
  if (nodeOf(p, e.from)?.type === 'condition') return e;
  if (!('when' in e) && !('else' in e)) return e;
  const { when: _w, else: _e, ...rest } = e;
  return rest as EdgeJson;
}

/**
 * deleteNode removes a node and keeps the flow connected: a step's predecessors lead to its
 * successor; a parallel split (or its join) goes with all its branches; a condition keeps only
 * its else branch. The start cannot be deleted, nor the last end of the flow.
 */
export function deleteNode(t: Template, pi: number, key: string): { doc: Template; refused?: Refusal } {
  const p = pipelineAt(t, pi);
  const n = p && nodeOf(p, key);
  if (!p || !n) return { doc: t, refused: 'unknown' };
  if (n.type === 'start') return { doc: t, refused: 'start_fixed' };
  let q: PipelineJson = p;
  switch (n.type) {
    case 'parallel':
    case 'join': {
      const split = n.type === 'parallel' ? key : Object.entries(toGraph(p).joinOf).find(([, j]) => j === key)?.[0];
      if (!split) return { doc: t, refused: 'unknown' };
      const join = toGraph(p).joinOf[split]!;
      const inside = new Set(branchesOf(p, split).flatMap((b) => b.nodes));
      const after = outOf(p, join)[0]?.edge.to;
      if (!after) return { doc: t, refused: 'unknown' };
      q = removeNodes(q, inside);
      q = redirect(q, split, after);
      q = removeNodes(q, new Set([split, join]));
      break;
    }
    case 'condition': {
      const outs = outOf(p, key);
      const keep = outs.find((o) => o.edge.else) ?? outs[outs.length - 1];
      if (!keep) return { doc: t, refused: 'unknown' };
      const gone = new Set(branchesOf(p, key).filter((b) => b.edge !== keep.index).flatMap((b) => b.nodes));
      q = removeNodes(q, gone);
      q = redirect(q, key, keep.edge.to);
      q = removeNodes(q, new Set([key]));
      break;
    }
    case 'end': {
      // An end that is a condition's branch goes with that branch; the last end stays.
      if (p.nodes.filter((x) => x.type === 'end').length <= 1) return { doc: t, refused: 'last_end' };
      const ins = inOf(p, key);
      const from = ins.length === 1 ? nodeOf(p, ins[0]!.edge.from) : undefined;
      if (from && (from.type === 'condition' || from.type === 'parallel')) return deleteBranch(t, pi, ins[0]!.index);
      return { doc: t, refused: 'would_break' };
    }
    default: {
      const next = outOf(p, key)[0]?.edge.to;
      if (!next) return { doc: t, refused: 'would_break' };
      q = redirect(p, key, next);
      q = removeNodes(q, new Set([key]));
    }
  }
  const doc = withPipeline(t, pi, q);
  const checked = refuseIfBroken(t, doc, pi);
  if (checked === t) return { doc: t, refused: 'would_break' };
  if (unreachable(q).length > 0) return { doc: t, refused: 'would_break' };
  return { doc };
}

/** unreachable lists the nodes the start does not lead to. */
export function unreachable(p: PipelineJson): string[] {
  const start = p.nodes.find((n) => n.type === 'start');
  if (!start) return [];
  const seen = reachFrom(p, start.key, '').set;
  return p.nodes.filter((n) => !seen.has(n.key)).map((n) => n.key);
}

/** targetsFor lists the nodes edge ei may be reconnected to, keeping the graph drawable. */
export function targetsFor(t: Template, pi: number, ei: number): string[] {
  const p = pipelineAt(t, pi);
  if (!p) return [];
  return p.nodes.map((n) => n.key).filter((k) => reconnect(t, pi, ei, k).doc !== t);
}

/** canReconnect tells whether edge ei may be dragged to node to (the canvas refuses the drop otherwise). */
export function canReconnect(t: Template, pi: number, ei: number, to: string): boolean {
  return !reconnect(t, pi, ei, to).refused;
}

/**
 * reconnect points edge ei at another node. Refused when the result would not be drawable (an
 * edge into the start, into a join from outside its split, a repeated edge) or would leave a
 * node unreachable.
 */
export function reconnect(t: Template, pi: number, ei: number, to: string): { doc: Template; refused?: Refusal } {
  const p = pipelineAt(t, pi);
  const e = p?.edges[ei];
  if (!p || !e || !nodeOf(p, to) || e.to === to || to === e.from) return { doc: t, refused: 'unknown' };
  const edges = [...p.edges];
  edges[ei] = { ...e, to };
  const q = { ...p, edges };
  const g = toGraph(q);
  if (g.undrawable || unreachable(q).length > 0 || !endsReachable(q)) return { doc: t, refused: 'would_break' };
  return { doc: withPipeline(t, pi, q) };
}

/** endsReachable says whether an end can be reached from every node. */
function endsReachable(p: PipelineJson): boolean {
  return p.nodes.every((n) => n.type === 'end' || [...reachFrom(p, n.key, '').set].some((k) => nodeOf(p, k)?.type === 'end'));
}

/** updateNode replaces members of a node; a member set to undefined is removed. */
export function updateNode(t: Template, pi: number, key: string, patch: Record<string, Json | undefined>): Template {
  const p = pipelineAt(t, pi);
  if (!p) return t;
  const nodes = p.nodes.map((n) => {
    if (n.key !== key) return n;
    const next: NodeJson = { ...n };
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) delete next[k];
      else next[k] = v;
    }
    return next;
  });
  return withPipeline(t, pi, { ...p, nodes });
}

/** setWhen sets the condition of a branch (edge ei out of a condition node). */
export function setWhen(t: Template, pi: number, ei: number, when: string): Template {
  const p = pipelineAt(t, pi);
  const e = p?.edges[ei];
  if (!p || !e || e.else || e.when === when) return t;
  const edges = [...p.edges];
  edges[ei] = { ...e, when };
  return withPipeline(t, pi, { ...p, edges });
}

/** moveBranch moves a conditional branch one place earlier or later among the condition's edges (else stays last). */
export function moveBranch(t: Template, pi: number, ei: number, by: -1 | 1): Template {
  const p = pipelineAt(t, pi);
  const e = p?.edges[ei];
  if (!p || !e || e.else) return t;
  const outs = outOf(p, e.from).filter((o) => !o.edge.else);
  const at = outs.findIndex((o) => o.index === ei);
  const other = outs[at + by];
  if (!other) return t;
  const edges = [...p.edges];
  edges[ei] = other.edge;
  edges[other.index] = e;
  return withPipeline(t, pi, { ...p, edges });
}

/** updatePipeline sets pipeline-level members (name, resubmit, autoStart). */
export function updatePipeline(t: Template, pi: number, patch: Record<string, Json | undefined>): Template {
  const p = pipelineAt(t, pi);
  if (!p) return t;
  const next: PipelineJson = { ...p };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete next[k];
    else next[k] = v;
  }
  return withPipeline(t, pi, next);
}

/** Pointers of a pipeline's elements, for server problems. */
export const nodePointer = (pi: number, ni: number) => `/pipelines/${pi}/nodes/${ni}`;
export const edgePointer = (pi: number, ei: number) => `/pipelines/${pi}/edges/${ei}`;

/** placeOfPointer says which node or edge of which pipeline a pointer names. */
export function placeOfPointer(pointer: string): { pipeline?: number; node?: number; edge?: number } {
  const m = /^\/pipelines\/(\d+)(?:\/(nodes|edges)\/(\d+))?/.exec(pointer);
  if (!m) return {};
  const pipeline = Number(m[1]);
  if (m[2] === 'nodes') return { pipeline, node: Number(m[3]) };
  if (m[2] === 'edges') return { pipeline, edge: Number(m[3]) };
  return { pipeline };
}
