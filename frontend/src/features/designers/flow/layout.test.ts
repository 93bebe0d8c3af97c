import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canvasHeight, layout, MAX_CANVAS_HEIGHT, READABLE_ZOOM } from './layout';
import type { PipelineJson } from './model';

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
