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
