import { Graph, layout as dagreLayout } from '@dagrejs/dagre';
import type { EdgeJson, NodeJson } from './model';

/** Sizes of the cards on the canvas: steps are wide cards, splits and joins small pills. */
export function sizeOf(type: string): { width: number; height: number } {
  if (type === 'parallel' || type === 'join' || type === 'condition') return { width: 180, height: 52 };
  if (type === 'start' || type === 'end') return { width: 180, height: 56 };
  return { width: 240, height: 112 };
}

/** A laid out flow: each node's top-left corner, and the bends of the edges that pass ranks. */
export interface Placed {
  at: Record<string, { x: number; y: number }>;
  /**
   * bends are, by edge index, the points an edge passes between its ends when it spans more
   * than one rank (a condition's empty else branch beside a branch with a step): drawn
   * straight from end to end it would run under that step's card; through dagre's points it
   * goes round it.
   */
  bends: Record<number, { x: number; y: number }[]>;
}

/**
 * place lays the nodes out top-down with dagre: the admin never positions boxes. Branches of
 * a split stand side by side in the order of their edges.
 */
export function place(nodes: NodeJson[], edges: EdgeJson[]): Placed {
  const g = new Graph({ multigraph: false });
  g.setGraph({ rankdir: 'TB', nodesep: 48, ranksep: 64, marginx: 24, marginy: 24 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(n.key, { ...sizeOf(n.type) });
  const keys = new Set(nodes.map((n) => n.key));
  for (const e of edges) if (keys.has(e.from) && keys.has(e.to)) g.setEdge(e.from, e.to, { minlen: 1, width: 120, height: 36, labelpos: 'c' });
  dagreLayout(g);
  const at: Record<string, { x: number; y: number }> = {};
  for (const n of nodes) {
    const p = g.node(n.key);
    const s = sizeOf(n.type);
    at[n.key] = { x: (p?.x ?? 0) - s.width / 2, y: (p?.y ?? 0) - s.height / 2 };
  }
  const bends: Placed['bends'] = {};
  edges.forEach((e, i) => {
    const points: { x: number; y: number }[] = keys.has(e.from) && keys.has(e.to) ? (g.edge(e.from, e.to)?.points ?? []) : [];
    // Three points are an edge from one rank to the next (its two ends and its middle).
    if (points.length > 3) bends[i] = points.slice(1, -1).map((q) => ({ x: q.x, y: q.y }));
  });
  return { at, bends };
}

/** layout is each node's top-left corner (place without the bends). */
export function layout(nodes: NodeJson[], edges: EdgeJson[]): Record<string, { x: number; y: number }> {
  return place(nodes, edges).at;
}

/** The zoom at which a card's 12 px text stays readable; a canvas is made tall enough for it. */
export const READABLE_ZOOM = 0.8;

/** The tallest a canvas grows (a flow taller still is zoomed out to fit, or panned). */
export const MAX_CANVAS_HEIGHT = 2400;

/**
 * canvasHeight is how tall the canvas is drawn for nodes laid out at `at`: at least `least`
 * (the window's share), and tall enough that the whole flow fits at READABLE_ZOOM, so that a
 * flow of eight steps is read by scrolling the page instead of being shrunk to half size.
 */
export function canvasHeight(nodes: NodeJson[], at: Record<string, { x: number; y: number }>, least: number): number {
  let top = Infinity;
  let bottom = -Infinity;
  for (const n of nodes) {
    const p = at[n.key];
    if (!p) continue;
    top = Math.min(top, p.y);
    bottom = Math.max(bottom, p.y + sizeOf(n.type).height);
  }
  if (!Number.isFinite(top)) return least;
  // fitView's padding (0.15 of the canvas) on both sides, and the controls' room.
  const wanted = Math.ceil(((bottom - top) * READABLE_ZOOM) / (1 - 2 * 0.15));
  return Math.max(least, Math.min(wanted, MAX_CANVAS_HEIGHT));
}

/**
 * bentPath is the SVG path of an edge from (sx, sy) down through bends to (tx, ty), square
 * like the other edges: down from the source to half way to the first bend, across to it,
 * down through the bends (which dagre stacks in one column), then across above the target and
 * down into it. Also where its label and "+" go: the middle of its run through the bends.
 */
export function bentPath(sx: number, sy: number, bends: readonly { x: number; y: number }[], tx: number, ty: number): { path: string; labelX: number; labelY: number } {
  const first = bends[0]!;
  const last = bends[bends.length - 1]!;
  const down = (y1: number, y2: number) => (y1 + y2) / 2;
  const a = down(sy, first.y);
  const b = down(last.y, ty);
  const path = [`M ${sx} ${sy}`, `L ${sx} ${a}`, `L ${first.x} ${a}`, ...bends.map((q) => `L ${q.x} ${q.y}`), `L ${last.x} ${b}`, `L ${tx} ${b}`, `L ${tx} ${ty}`].join(' ');
  return { path, labelX: (first.x + last.x) / 2, labelY: (first.y + last.y) / 2 };
}
