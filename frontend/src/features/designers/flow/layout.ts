import { Graph, layout as dagreLayout } from '@dagrejs/dagre';
import type { EdgeJson, NodeJson } from './model';

/** Sizes of the cards on the canvas: steps are wide cards, splits and joins small pills. */
export function sizeOf(type: string): { width: number; height: number } {
  if (type === 'parallel' || type === 'join' || type === 'condition') return { width: 180, height: 52 };
  if (type === 'start' || type === 'end') return { width: 180, height: 56 };
  return { width: 240, height: 112 };
}

/**
 * layout places the nodes top-down with dagre: the admin never positions boxes. Branches of a
 * split stand side by side in the order of their edges. Returns each node's top-left corner.
 */
export function layout(nodes: NodeJson[], edges: EdgeJson[]): Record<string, { x: number; y: number }> {
  const g = new Graph({ multigraph: false });
  g.setGraph({ rankdir: 'TB', nodesep: 48, ranksep: 64, marginx: 24, marginy: 24 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(n.key, { ...sizeOf(n.type) });
  const keys = new Set(nodes.map((n) => n.key));
  for (const e of edges) if (keys.has(e.from) && keys.has(e.to)) g.setEdge(e.from, e.to, { minlen: 1, width: 120, height: 36, labelpos: 'c' });
  dagreLayout(g);
  const out: Record<string, { x: number; y: number }> = {};
  for (const n of nodes) {
    const p = g.node(n.key);
    const s = sizeOf(n.type);
    out[n.key] = { x: (p?.x ?? 0) - s.width / 2, y: (p?.y ?? 0) - s.height / 2 };
  }
  return out;
}
