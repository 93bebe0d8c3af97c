import { describe, expect, it } from 'vitest';
import type { Template } from '../form/designer';
import { metaFilterFields } from './metaFilter';

const doc: Template = {
  forms: [{ key: 'claim' }, { key: 'note' }],
  pipelines: [
    {
      key: 'p',
      form: 'claim',
      nodes: [
        { key: 'start', type: 'start', name: { 'zh-CN': '提交' } },
        { key: 'approval_1', type: 'approval', name: { 'zh-CN': '部门经理审批' } },
        { key: 'condition_1', type: 'condition', name: { 'zh-CN': '条件' } },
        { key: 'approval_2', type: 'approval', stage: '财务', name: { 'zh-CN': '财务审核' } },
        { key: 'end', type: 'end', name: { 'zh-CN': '结束' } },
      ],
      edges: [],
    },
  ],
};

describe('metaFilterFields', () => {
  it('offers a flow’s status and stages (by name, as records show them) and the record’s times', () => {
    const fields = metaFilterFields(doc, 'claim', (m) => `meta${m}`, (s) => `status:${s}`);
    expect(fields.map((f) => f.key)).toEqual(['_flowStatus', '_stage', '_created', '_updated']);
    expect(fields[0]!.options.find((o) => o.value === 'running')?.label).toBe('status:running');
    expect(fields[1]!.options.map((o) => o.value)).toEqual(['提交', '部门经理审批', '财务', '结束']);
    expect(fields[2]).toMatchObject({ kind: 'date', type: 'datetime' });
  });

  it('offers only the times for a form without a flow', () => {
    expect(metaFilterFields(doc, 'note', (m) => m, (s) => s).map((f) => f.key)).toEqual(['_created', '_updated']);
  });
});
