import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bentPath, canvasHeight, layout, MAX_CANVAS_HEIGHT, place, READABLE_ZOOM, sizeOf } from './layout';
import type { EdgeJson, PipelineJson } from './model';

describe('automatic layout', () => {
  it('places the contract flow top-down with legal and finance side by side', () => {
    const t = JSON.parse(readFileSync(join(__dirname, '../../../../../templates/starter/contract-approval.json'), 'utf8'));
    const p = t.pipelines[0] as PipelineJson;
    const at = layout(p.nodes, p.edges);
    expect(at.submit!.y).toBeLessThan(at.supervisor!.y);
    expect(at.supervisor!.y).toBeLessThan(at.split!.y);
    expect(at.legal!.y).toBe(at.finance!.y);
    expect(at.legal!.x).not.toBe(at.finance!.x);
    expect(at.join!.y).toBeGreaterThan(at.legal!.y);
    expect(at.approved!.y).toBeGreaterThan(at.director!.y);
  });
});

describe('edges past a rank', () => {
  // A condition whose else branch goes straight on while its other branch has a step.
  const nodes = [
    { key: 'start', type: 'start' },
    { key: 'cond', type: 'condition' },
    { key: 'big', type: 'approval' },
    { key: 'next', type: 'approval' },
    { key: 'end', type: 'end' },
  ];
  const edges: EdgeJson[] = [
    { from: 'start', to: 'cond' },
    { from: 'cond', to: 'big', when: 'amount > 1' },
    { from: 'cond', to: 'next', else: true },
    { from: 'big', to: 'next' },
    { from: 'next', to: 'end' },
  ];

  it('bend round the step beside them, edges to the next rank do not', () => {
    const { at, bends } = place(nodes, edges);
    expect(Object.keys(bends)).toEqual(['2']);
    const w = sizeOf('approval').width;
    for (const q of bends[2]!) {
      // Beside the step's card, not under it.
      expect(q.x < at.big!.x || q.x > at.big!.x + w).toBe(true);
    }
  });

  it('are drawn square through their bends, the label mid-way along them', () => {
    const r = bentPath(100, 0, [{ x: 40, y: 100 }, { x: 40, y: 200 }], 100, 300);
    expect(r.path).toBe('M 100 0 L 100 50 L 40 50 L 40 100 L 40 200 L 40 250 L 100 250 L 100 300');
    expect([r.labelX, r.labelY]).toEqual([40, 150]);
  });
});

describe('canvas height', () => {
  const contract = () => {
    const t = JSON.parse(readFileSync(join(__dirname, '../../../../../templates/starter/contract-approval.json'), 'utf8'));
    return t.pipelines[0] as PipelineJson;
  };
  it('is tall enough for the contract flow to be drawn at a readable zoom', () => {
    const p = contract();
    const at = layout(p.nodes, p.edges);
    const h = canvasHeight(p.nodes, at, 480);
    const flowHeight = at.approved!.y + 56 - at.submit!.y;
    expect(h).toBeGreaterThan(480);
    expect(h * (1 - 2 * 0.15)).toBeGreaterThanOrEqual(flowHeight * READABLE_ZOOM - 1);
  });
  it('keeps the window’s share for a short flow, and stops growing at the most', () => {
    const two = [
      { key: 'start', type: 'start' },
      { key: 'end', type: 'end' },
    ];
    expect(canvasHeight(two, layout(two, [{ from: 'start', to: 'end' }]), 640)).toBe(640);
    const tall = Array.from({ length: 40 }, (_, i) => ({ key: `n${i}`, type: 'approval' }));
    const chain = tall.slice(1).map((n, i) => ({ from: tall[i]!.key, to: n.key }));
    expect(canvasHeight(tall, layout(tall, chain), 640)).toBe(MAX_CANVAS_HEIGHT);
    expect(canvasHeight([], {}, 500)).toBe(500);
  });
});
