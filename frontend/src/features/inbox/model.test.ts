import { describe, expect, it } from 'vitest';
import type { PipelineDef } from '../../shared/api/types';
import { inboxTitle, planBulk } from './model';

const pipeline: PipelineDef = {
  key: 'p',
  form: 'contract',
  nodes: [
    { key: 'legal', type: 'approval', fields: { legalRisk: 'required', legalOpinion: 'required' } },
    { key: 'finance', type: 'approval', fields: { budgetAvailable: 'edit', paymentTerms: 'required' } },
    { key: 'director', type: 'approval', fields: { directorComment: 'edit' } },
  ],
};

describe('inbox titles', () => {
  it('name the record by its serial number and title, then the step', () => {
    expect(inboxTitle('法务审核', { serial: 'HT-2026-0001', title: '禾丰超市收银系统采购合同' }, '合同审批')).toBe('HT-2026-0001 禾丰超市收银系统采购合同 · 法务审核');
  });
  it('keep the serial alone when the title is hidden', () => {
    expect(inboxTitle('法务审核', { serial: 'HT-2026-0001' }, '合同审批')).toBe('HT-2026-0001 · 法务审核');
  });
  it('fall back to the app name without either', () => {
    expect(inboxTitle('法务审核', {}, '合同审批')).toBe('合同审批 · 法务审核');
  });
});

describe('planBulk', () => {
  const at = (node: string, record = node) => ({ app: 'a', form: 'contract', node, record });
  it('asks the shared step fields once', () => {
    const plan = planBulk([at('legal', 'r1'), at('legal', 'r2')], () => pipeline);
    expect(plan.step?.key).toBe('legal');
    expect(plan.fields).toEqual([
      { key: 'legalRisk', required: true },
      { key: 'legalOpinion', required: true },
    ]);
    expect(plan.ready).toHaveLength(2);
    expect(plan.ownPage).toHaveLength(0);
  });
  it('leaves items at steps with required fields for their own pages when steps differ', () => {
    const plan = planBulk([at('legal'), at('director'), at('finance')], () => pipeline);
    expect(plan.step).toBeUndefined();
    expect(plan.ready.map((i) => i.node)).toEqual(['director']);
    expect(plan.ownPage.map((i) => i.node)).toEqual(['legal', 'finance']);
  });
});
