import { describe, expect, it } from 'vitest';
import type { PipelineDef } from '../../shared/api/types';
import { inboxTitle, planBulk, shortDateTime, stepName, timeLabel, timeOf } from './model';

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
  it('never asks once for a file or signature, and leaves a step requiring one to each page', () => {
    const ownValue = (_: unknown, key: string) => key === 'legalOpinion';
    const plan = planBulk([at('legal', 'r1'), at('legal', 'r2')], () => pipeline, ownValue);
    expect(plan.ready).toHaveLength(0);
    expect(plan.ownPage).toHaveLength(2);
    const optional = planBulk([at('finance', 'r1'), at('finance', 'r2')], () => pipeline, (_, key) => key === 'budgetAvailable');
    expect(optional.fields.map((f) => f.key)).not.toContain('budgetAvailable');
    expect(optional.ready).toHaveLength(2);
  });
  it('leaves items at steps with required fields for their own pages when steps differ', () => {
    const plan = planBulk([at('legal'), at('director'), at('finance')], () => pipeline);
    expect(plan.step).toBeUndefined();
    expect(plan.ready.map((i) => i.node)).toEqual(['director']);
    expect(plan.ownPage.map((i) => i.node)).toEqual(['legal', 'finance']);
  });
});

describe('the step an inbox title names', () => {
  it("is the task's node, else the stage a started run is at", () => {
    expect(stepName('法务审核', { node: 'legal', stage: '法务审核' })).toBe('法务审核');
    expect(stepName('', { stage: '分析' })).toBe('分析');
    expect(inboxTitle(stepName('', { stage: '分析' }), { serial: 'XS-2026-00001', title: '交付延迟' })).toBe('XS-2026-00001 交付延迟 · 分析');
    expect(stepName('', {})).toBe('');
  });
});

describe('times on a phone card', () => {
  const now = new Date(2026, 11, 6, 12, 0);
  it('leave the year out within this year', () => {
    expect(shortDateTime(new Date(2026, 11, 7, 10, 0).toISOString(), 'zh-CN', now)).toBe('12月7日 10:00');
    expect(shortDateTime(new Date(2026, 11, 7, 10, 0).toISOString(), 'en', now)).toBe('Dec 7, 10:00');
  });
  it('name the year of another year', () => {
    expect(shortDateTime(new Date(2027, 0, 3, 9, 5).toISOString(), 'zh-CN', now)).toBe('2027年1月3日 09:05');
  });
  it('are empty for no time or one that does not parse', () => {
    expect(shortDateTime(undefined, 'zh-CN', now)).toBe('');
    expect(shortDateTime('not a time', 'zh-CN', now)).toBe('');
  });
});

describe('timeOf and timeLabel', () => {
  const item = { created: '2026-12-07T01:00:00Z', updated: '2026-12-07T03:00:00Z', actedAt: '2026-12-07T02:00:00Z' };
  it('shows when the member acted in the done box, else when the item came', () => {
    expect(timeOf('done', item)).toBe(item.actedAt);
    expect(timeOf('done', { created: item.created, updated: item.updated })).toBe(item.updated);
    expect(timeOf('todo', item)).toBe(item.created);
    expect(timeOf('mine', item)).toBe(item.created);
  });
  it('titles the column by what the time is: received, acted on, or started', () => {
    expect(timeLabel('todo')).toBe('received');
    expect(timeLabel('cc')).toBe('received');
    expect(timeLabel('done')).toBe('actedAt');
    expect(timeLabel('mine')).toBe('startedAt');
  });
});
