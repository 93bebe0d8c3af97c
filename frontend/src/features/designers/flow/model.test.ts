import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Template } from '../form/designer';
import {
  addBranch,
  addPipeline,
  branchesOf,
  deleteBranch,
  deleteNode,
  fromGraph,
  insertNode,
  mergeOf,
  nodeOf,
  newNode,
  moveBranch,
  outOf,
  pipelineAt,
  reconnect,
  canReconnect,
  targetsFor,
  setWhen,
  startFlow,
  toGraph,
  unreachable,
  updateNode,
  type PipelineJson,
} from './model';

const STARTERS = join(__dirname, '../../../../../templates/starter');

function starters(): { file: string; template: Template }[] {
  return readdirSync(STARTERS)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.samples.json'))
    .map((file) => ({ file, template: JSON.parse(readFileSync(join(STARTERS, file), 'utf8')) as Template }));
}

function contract(): Template {
  return starters().find((s) => s.file === 'contract-approval.json')!.template;
}

function lead(): Template {
  return starters().find((s) => s.file === 'lead-management.json')!.template;
}

/** wellFormed: drawable, every node reachable, an end reachable from every node. */
function expectWellFormed(t: Template, pi = 0) {
  const p = pipelineAt(t, pi)!;
  const g = toGraph(p);
  expect(g.undrawable).toBeUndefined();
  expect(unreachable(p)).toEqual([]);
  for (const n of p.nodes) {
    if (n.type === 'end') continue;
    expect(outOf(p, n.key).length, `${n.key} has a way on`).toBeGreaterThan(0);
  }
  for (const n of p.nodes) {
    if (n.type === 'condition') {
      expect(outOf(p, n.key).filter((o) => o.edge.else)).toHaveLength(1);
      expect(outOf(p, n.key).length).toBeGreaterThanOrEqual(2);
    }
    if (n.type === 'parallel') expect(outOf(p, n.key).length).toBeGreaterThanOrEqual(2);
  }
}

const keys = (t: Template, pi = 0) => pipelineAt(t, pi)!.nodes.map((n) => n.key);
const edgeIds = (t: Template, pi = 0) => pipelineAt(t, pi)!.edges.map((e) => `${e.from}→${e.to}`);

describe('round trip of the starter pipelines', () => {
  const all = starters().flatMap(({ file, template }) =>
    ((template.pipelines as PipelineJson[] | undefined) ?? []).map((_, i) => ({ file, template, i })),
  );

  it('finds the starter pipelines', () => {
    expect(all.length).toBeGreaterThanOrEqual(3);
  });

  it.each(all.map((x) => [`${x.file} #${x.i}`, x] as const))('%s opens and saves unchanged', (_, { template, i }) => {
    const before = JSON.parse(JSON.stringify(template)) as Template;
    const p = pipelineAt(template, i)!;
    const g = toGraph(p);
    expect(g.undrawable).toBeUndefined();
    const saved = { ...template, pipelines: (template.pipelines as PipelineJson[]).map((q, j) => (j === i ? fromGraph(q, g) : q)) };
    expect(JSON.parse(JSON.stringify(saved))).toEqual(before);
    expect(template).toEqual(before);
  });
});

describe('reading a pipeline as a graph', () => {
  it('pairs each parallel split with its join', () => {
    expect(toGraph(pipelineAt(contract(), 0)!).joinOf).toEqual({ split: 'join' });
  });

  it('finds the branches of a split and where they merge', () => {
    const p = pipelineAt(contract(), 0)!;
    expect(mergeOf(p, 'split')).toBe('join');
    expect(branchesOf(p, 'split').map((b) => b.nodes)).toEqual([['legal'], ['finance']]);
    const l = pipelineAt(lead(), 0)!;
    expect(mergeOf(l, 'valid')).toBe('analysis');
    expect(branchesOf(l, 'valid').map((b) => b.nodes)).toEqual([['rejected'], []]);
  });

  it.each([
    ['a join without its split', { nodes: [{ key: 's', type: 'start' }, { key: 'j', type: 'join' }, { key: 'e', type: 'end' }], edges: [{ from: 's', to: 'j' }, { from: 'j', to: 'e' }] }, 'join_without_split'],
    ['an unknown node type', { nodes: [{ key: 's', type: 'start' }, { key: 'x', type: 'robot' }], edges: [] }, 'unknown_type'],
    ['two starts', { nodes: [{ key: 's', type: 'start' }, { key: 't', type: 'start' }], edges: [] }, 'start_count'],
    ['an edge to no node', { nodes: [{ key: 's', type: 'start' }], edges: [{ from: 's', to: 'nowhere' }] }, 'unknown_node'],
    ['a task with two ways out', { nodes: [{ key: 's', type: 'start' }, { key: 'a', type: 'task' }, { key: 'b', type: 'end' }, { key: 'c', type: 'end' }], edges: [{ from: 's', to: 'a' }, { from: 'a', to: 'b' }, { from: 'a', to: 'c' }] }, 'too_many_edges'],
    ['a parallel branch that ends before the join', {
      nodes: [{ key: 's', type: 'start' }, { key: 'p', type: 'parallel' }, { key: 'a', type: 'task' }, { key: 'e1', type: 'end' }, { key: 'j', type: 'join' }, { key: 'e', type: 'end' }],
      edges: [{ from: 's', to: 'p' }, { from: 'p', to: 'a' }, { from: 'p', to: 'e1' }, { from: 'a', to: 'j' }, { from: 'j', to: 'e' }],
    }, 'unmatched_split'],
  ])('refuses to draw %s, naming why', (_, graph, code) => {
    const p = { key: 'x', form: 'f', ...graph } as PipelineJson;
    expect(toGraph(p).undrawable?.code).toBe(code);
  });
});

describe('edits keep the graph well formed', () => {
  it('starts an empty pipeline with a start and an end', () => {
    const t: Template = { key: 'x', name: {}, forms: [], pipelines: [{ key: 'p', form: 'f', nodes: [], edges: [] }] };
    const doc = startFlow(t, 0);
    expect(keys(doc)).toEqual(['start', 'end']);
    expectWellFormed(doc);
    const added = addPipeline({ key: 'x', name: {}, forms: [] }, 'contract');
    expect(pipelineAt(added, 0)).toMatchObject({ key: 'contract_flow', form: 'contract' });
    expectWellFormed(added);
  });

  it('inserts a step on an edge', () => {
    const t = contract();
    const ei = pipelineAt(t, 0)!.edges.findIndex((e) => e.from === 'join');
    const { doc, key } = insertNode(t, 0, ei, 'cc');
    expect(key).toBe('cc_1');
    expect(edgeIds(doc)).toContain('join→cc_1');
    expect(edgeIds(doc)).toContain('cc_1→director');
    expect(edgeIds(doc)).not.toContain('join→director');
    expectWellFormed(doc);
    expect(pipelineAt(t, 0)!.edges.length).toBe(8); // the input is not changed
  });

  it('inserts a parallel split with its join and two branches', () => {
    const t = startFlow({ key: 'x', name: {}, forms: [], pipelines: [{ key: 'p', form: 'f', nodes: [], edges: [] }] }, 0);
    const { doc, key } = insertNode(t, 0, 0, 'parallel');
    expect(key).toBe('parallel_1');
    expectWellFormed(doc);
    const g = toGraph(pipelineAt(doc, 0)!);
    expect(g.joinOf).toEqual({ parallel_1: 'join_1' });
    expect(branchesOf(pipelineAt(doc, 0)!, 'parallel_1')).toHaveLength(2);
  });

  it('inserts a condition whose conditional branch and else branch meet again where the edge led', () => {
    const t = contract();
    const { doc, key } = insertNode(t, 0, 0, 'condition');
    expectWellFormed(doc);
    const p = pipelineAt(doc, 0)!;
    const outs = outOf(p, key!);
    const step = outs[0]!.edge.to;
    expect(outs.map((o) => o.edge)).toEqual([
      { from: key, to: step, when: '' },
      { from: key, to: 'supervisor', else: true },
    ]);
    expect(nodeOf(p, step)?.type).toBe('approval');
    expect(outOf(p, step).map((o) => o.edge.to)).toEqual(['supervisor']);
    expect(mergeOf(p, key!)).toBe('supervisor');
    expect(p.nodes.filter((n) => n.type === 'end')).toHaveLength(pipelineAt(t, 0)!.nodes.filter((n) => n.type === 'end').length);
  });

  it("ends a condition's branch at a new 不通过 end on request, dropping the steps it alone held", () => {
    const t = contract();
    const { doc, key } = insertNode(t, 0, 0, 'condition');
    const p = pipelineAt(doc, 0)!;
    const branch = p.edges.findIndex((e) => e.from === key && !e.else);
    const step = p.edges[branch]!.to;
    const ended = insertNode(doc, 0, branch, 'end');
    expectWellFormed(ended.doc);
    const q = pipelineAt(ended.doc, 0)!;
    expect(nodeOf(q, ended.key!)).toMatchObject({ type: 'end', outcome: 'rejected', name: { 'zh-CN': '不通过' } });
    expect(q.edges[branch]).toEqual({ from: key, to: ended.key, when: '' });
    expect(nodeOf(q, step)).toBeUndefined();
    // Not on the else branch, nor on an edge that is no branch: that would cut off what follows.
    expect(insertNode(doc, 0, p.edges.findIndex((e) => e.from === key && e.else), 'end').doc).toBe(doc);
    expect(insertNode(doc, 0, p.edges.findIndex((e) => e.from === 'supervisor'), 'end').doc).toBe(doc);
  });

  it('adds a branch to a parallel split and to a condition, before the else', () => {
    const t = contract();
    const { doc, key } = addBranch(t, 0, 'split');
    expectWellFormed(doc);
    expect(edgeIds(doc)).toEqual(expect.arrayContaining([`split→${key}`, `${key}→join`]));
    expect(branchesOf(pipelineAt(doc, 0)!, 'split')).toHaveLength(3);

    const l = addBranch(lead(), 0, 'valid');
    expectWellFormed(l.doc);
    const outs = outOf(pipelineAt(l.doc, 0)!, 'valid').map((o) => o.edge);
    expect(outs.map((e) => e.to)).toEqual(['rejected', l.key, 'analysis']);
    expect(outs[2]!.else).toBe(true);
    expect(edgeIds(l.doc)).toContain(`${l.key}→analysis`);
  });

  it('deletes a parallel branch; the last-but-one takes the split away with its join', () => {
    const t = contract();
    const p = pipelineAt(t, 0)!;
    const legal = p.edges.findIndex((e) => e.from === 'split' && e.to === 'legal');
    const one = deleteBranch(t, 0, legal);
    expect(one.refused).toBeUndefined();
    expect(keys(one.doc)).toEqual(['submit', 'supervisor', 'finance', 'director', 'approved']);
    expect(edgeIds(one.doc)).toEqual(['submit→supervisor', 'supervisor→finance', 'finance→director', 'director→approved']);
    expectWellFormed(one.doc);

    const three = addBranch(t, 0, 'split').doc;
    const again = deleteBranch(three, 0, legal);
    expect(toGraph(pipelineAt(again.doc, 0)!).joinOf).toEqual({ split: 'join' });
    expectWellFormed(again.doc);
  });

  it('deletes a condition branch, never its else while others remain', () => {
    const t = lead();
    const p = pipelineAt(t, 0)!;
    const elseAt = p.edges.findIndex((e) => e.from === 'valid' && e.else);
    expect(deleteBranch(t, 0, elseAt).refused).toBe('min_branches');
    const rej = p.edges.findIndex((e) => e.from === 'valid' && e.to === 'rejected');
    const { doc, refused } = deleteBranch(t, 0, rej);
    expect(refused).toBeUndefined();
    expect(keys(doc)).not.toContain('rejected');
    expect(keys(doc)).not.toContain('valid');
    expect(edgeIds(doc)).toContain('review→analysis');
    const edge = pipelineAt(doc, 0)!.edges.find((e) => e.from === 'review')!;
    expect(edge).toEqual({ from: 'review', to: 'analysis' }); // no else left on a plain edge
    expectWellFormed(doc);
  });

  it('deletes a step, a split with its branches, a condition keeping its else branch', () => {
    const t = contract();
    const step = deleteNode(t, 0, 'supervisor');
    expect(edgeIds(step.doc)).toContain('submit→split');
    expectWellFormed(step.doc);

    for (const k of ['split', 'join']) {
      const whole = deleteNode(t, 0, k);
      expect(keys(whole.doc)).toEqual(['submit', 'supervisor', 'director', 'approved']);
      expect(edgeIds(whole.doc)).toContain('supervisor→director');
      expectWellFormed(whole.doc);
    }

    const cond = deleteNode(lead(), 0, 'valid');
    expect(keys(cond.doc)).not.toContain('rejected');
    expect(edgeIds(cond.doc)).toContain('review→analysis');
    expectWellFormed(cond.doc);
  });

  it('refuses to delete the start or the last end', () => {
    expect(deleteNode(contract(), 0, 'submit').refused).toBe('start_fixed');
    expect(deleteNode(contract(), 0, 'approved').refused).toBe('last_end');
  });

  it('deleting an end on a condition branch deletes the branch', () => {
    const { doc } = deleteNode(lead(), 0, 'rejected');
    expect(keys(doc)).not.toContain('valid');
    expectWellFormed(doc);
  });

  it('reconnects only where the graph stays well formed', () => {
    const t = lead();
    const p = pipelineAt(t, 0)!;
    const rej = p.edges.findIndex((e) => e.from === 'valid' && e.to === 'rejected');
    // The invalid branch may skip to the archive step …
    const ok = reconnect(t, 0, rej, 'archive');
    // … but then the rejected end is unreachable: refused.
    expect(ok.refused).toBe('would_break');
    const withEnd = insertNode(t, 0, p.edges.findIndex((e) => e.from === 'archive'), 'cc').doc;
    expect(reconnect(withEnd, 0, rej, 'start').refused).toBeDefined();

    // Into a join from outside its split is refused; a step edge to another step is fine.
    const c = contract();
    const sup = pipelineAt(c, 0)!.edges.findIndex((e) => e.from === 'supervisor');
    expect(reconnect(c, 0, sup, 'join').refused).toBe('would_break');
    const added = insertNode(c, 0, pipelineAt(c, 0)!.edges.findIndex((e) => e.from === 'join'), 'cc').doc;
    const join = pipelineAt(added, 0)!.edges.findIndex((e) => e.from === 'join');
    const r = reconnect(added, 0, join, 'director');
    expect(r.refused).toBe('would_break'); // cc_1 would be left unreachable
  });

  it('tells the canvas where a dragged edge end may drop', () => {
    const c = contract();
    const sup = pipelineAt(c, 0)!.edges.findIndex((e) => e.from === 'supervisor');
    expect(canReconnect(c, 0, sup, 'join')).toBe(false);
    expect(canReconnect(c, 0, sup, 'submit')).toBe(false);
    // A condition's branch may be dragged to another step that keeps every step reachable.
    const withCond = insertNode(c, 0, pipelineAt(c, 0)!.edges.findIndex((e) => e.from === 'join'), 'condition').doc;
    const q = pipelineAt(withCond, 0)!;
    let some = 0;
    q.edges.forEach((_, ei) => {
      for (const k of targetsFor(withCond, 0, ei)) {
        expect(canReconnect(withCond, 0, ei, k)).toBe(true);
        expectWellFormed(reconnect(withCond, 0, ei, k).doc);
        some++;
      }
    });
    expect(some).toBeGreaterThan(0);
  });

  it('updates a node and a branch condition, and orders branches', () => {
    let t = lead();
    t = updateNode(t, 0, 'review', { mode: undefined, deadline: { after: { workingDays: 2 } } });
    expect(pipelineAt(t, 0)!.nodes.find((n) => n.key === 'review')!.deadline).toEqual({ after: { workingDays: 2 } });
    const { doc, key } = addBranch(t, 0, 'valid');
    const ei = pipelineAt(doc, 0)!.edges.findIndex((e) => e.to === key);
    const set = setWhen(doc, 0, ei, 'urgency == "urgent"');
    expect(setWhen(set, 0, ei, 'urgency == "urgent"')).toBe(set); // the same condition is no edit
    expect(pipelineAt(set, 0)!.edges[ei]).toMatchObject({ when: 'urgency == "urgent"' });
    const moved = moveBranch(set, 0, ei, -1);
    expect(outOf(pipelineAt(moved, 0)!, 'valid').map((o) => o.edge.to)).toEqual([key, 'rejected', 'analysis']);
    expectWellFormed(moved);
  });
});

describe('new steps', () => {
  it('start an approval with nobody to ask, never the submitter approving their own request', () => {
    expect(newNode('approval', 'approval_1').assignees).toEqual([]);
    expect(newNode('task', 'task_1').assignees).toEqual([{ type: 'submitter' }]);
  });
});
