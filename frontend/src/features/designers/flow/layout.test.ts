import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { layout } from './layout';
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
