import { describe, expect, it } from 'vitest';
import type { FormDef, PipelineDef, RecordItem } from '../../shared/api/types';
import { toRjsf } from '../forms/schemaForm';
import { availableActions, editableFields, openTaskFor, returnTargets, stepForm } from './flowActions';

const pipeline: PipelineDef = {
  key: 'approval',
  form: 'contract',
  nodes: [
    { key: 'submit', type: 'start', fields: { title: 'required', amount: 'required', summary: 'edit', notes: 'read' } },
    { key: 'supervisor', type: 'approval', fields: { supervisorComment: 'edit' } },
    { key: 'split', type: 'parallel' },
    { key: 'legal', type: 'approval', fields: { legalRisk: 'required', legalOpinion: 'required', secret: 'hidden' } },
    { key: 'archive', type: 'task' },
    { key: 'approved', type: 'end' },
  ],
};

const ann = 'u-ann';
const bob = 'u-bob';

function record(over: Partial<RecordItem>): RecordItem {
  return { id: 'r1', version: 1, owner: ann, createdBy: ann, data: { title: 'Acme' }, ...over };
}

function running(node: string, tasks: { assignee: string; status: string }[], initiator = ann): RecordItem {
  return record({
    flow: {
      pipeline: 'approval',
      status: 'running',
      initiator,
      active: [{ id: 'a1', node, tasks: tasks.map((t, i) => ({ id: `t${i}`, ...t })) }],
    },
  });
}

describe('availableActions', () => {
  it('lets the owner submit a draft that was never submitted, and nobody else', () => {
    const draft = record({});
    expect(availableActions(draft, ann, pipeline)).toEqual(['submit', 'comment']);
    expect(availableActions(draft, bob, pipeline)).toEqual(['comment']);
  });

  it('lets only the initiator resubmit a returned record', () => {
    const returned = record({ owner: bob, flow: { pipeline: 'approval', status: 'returned', initiator: ann, active: [] } });
    expect(availableActions(returned, ann, pipeline)).toContain('submit');
    expect(availableActions(returned, bob, pipeline)).not.toContain('submit');
  });

  it('gives approve, reject, return and transfer to the holder of an open approval task', () => {
    const rec = running('supervisor', [{ assignee: bob, status: 'open' }]);
    expect(availableActions(rec, bob, pipeline)).toEqual(['approve', 'reject', 'return', 'transfer', 'addApprover', 'cc', 'comment']);
    // The initiator waits: no approval buttons, but they may withdraw, urge and copy.
    expect(availableActions(rec, ann, pipeline)).toEqual(['withdraw', 'urge', 'cc', 'comment']);
  });

  it('ignores tasks that are no longer open', () => {
    const rec = running('legal', [
      { assignee: bob, status: 'approved' },
      { assignee: 'u-cy', status: 'open' },
    ]);
    expect(availableActions(rec, bob, pipeline)).not.toContain('approve');
    expect(availableActions(rec, 'u-cy', pipeline)).toContain('approve');
  });

  it('offers complete instead of approve and reject on task nodes', () => {
    const rec = running('archive', [{ assignee: bob, status: 'open' }]);
    expect(availableActions(rec, bob, pipeline)).toEqual(['complete', 'return', 'transfer', 'cc', 'comment']);
  });

  it('offers nothing but comments once the run ended, and only comments without a pipeline', () => {
    const ended = record({ flow: { pipeline: 'approval', status: 'approved', initiator: ann, active: [] } });
    expect(availableActions(ended, ann, pipeline)).toEqual(['cc', 'comment']);
    expect(availableActions(ended, bob, pipeline)).toEqual(['comment']);
    expect(availableActions(record({}), ann, undefined)).toEqual(['comment']);
    expect(availableActions(record({ deleted: true }), ann, pipeline)).toEqual([]);
  });
});

describe('urge, add approver and CC', () => {
  it('lets the initiator urge a running record, and owners and admins too, but not other people', () => {
    const rec = running('supervisor', [{ assignee: bob, status: 'open' }]);
    expect(availableActions(rec, ann, pipeline)).toContain('urge');
    expect(availableActions(rec, bob, pipeline)).not.toContain('urge');
    expect(availableActions(rec, 'u-cy', pipeline)).not.toContain('urge');
    expect(availableActions(rec, 'u-cy', pipeline, { manager: true })).toContain('urge');
  });

  it('does not offer urging once the run ended or before it started', () => {
    const ended = record({ flow: { pipeline: 'approval', status: 'approved', initiator: ann, active: [] } });
    expect(availableActions(ended, ann, pipeline, { manager: true })).not.toContain('urge');
    expect(availableActions(record({}), ann, pipeline, { manager: true })).not.toContain('urge');
  });

  it('gives add approver to approvers only, not to task workers or the initiator', () => {
    expect(availableActions(running('legal', [{ assignee: bob, status: 'open' }]), bob, pipeline)).toContain('addApprover');
    expect(availableActions(running('archive', [{ assignee: bob, status: 'open' }]), bob, pipeline)).not.toContain('addApprover');
    expect(availableActions(running('legal', [{ assignee: bob, status: 'open' }]), ann, pipeline)).not.toContain('addApprover');
  });

  it('offers CC to people in the run and to managers, never on a draft', () => {
    const rec = running('legal', [{ assignee: bob, status: 'approved' }]);
    expect(availableActions(rec, bob, pipeline)).toContain('cc');
    expect(availableActions(rec, 'u-cy', pipeline)).not.toContain('cc');
    expect(availableActions(rec, 'u-cy', pipeline, { manager: true })).toContain('cc');
    expect(availableActions(record({}), ann, pipeline, { manager: true })).not.toContain('cc');
  });
});

describe('openTaskFor', () => {
  it('finds my open task and its node among parallel branches', () => {
    const rec = record({
      flow: {
        pipeline: 'approval',
        status: 'running',
        initiator: ann,
        active: [
          { id: 'a1', node: 'legal', tasks: [{ id: 't1', assignee: 'u-cy', status: 'open' }] },
          { id: 'a2', node: 'supervisor', tasks: [{ id: 't2', assignee: bob, status: 'open' }] },
        ],
      },
    });
    const mine = openTaskFor(rec, bob, pipeline);
    expect(mine?.task.id).toBe('t2');
    expect(mine?.node?.key).toBe('supervisor');
    expect(openTaskFor(rec, ann, pipeline)).toBeUndefined();
  });
});

describe('editableFields and returnTargets', () => {
  it('lists only the fields a node lets its people write', () => {
    expect(editableFields(pipeline.nodes[0])).toEqual([
      { key: 'title', required: true },
      { key: 'amount', required: true },
      { key: 'summary', required: false },
    ]);
    expect(editableFields(pipeline.nodes[3]).map((f) => f.key)).toEqual(['legalRisk', 'legalOpinion']);
    expect(editableFields(undefined)).toEqual([]);
  });

  it('returns to the start or an earlier approval or task node', () => {
    expect(returnTargets(pipeline, 'legal').map((n) => n.key)).toEqual(['submit', 'supervisor']);
    expect(returnTargets(pipeline, 'supervisor').map((n) => n.key)).toEqual(['submit']);
  });
});

describe('stepForm', () => {
  // As the runtime gives it to a member who is both applicant (the legal fields read-only
  // for her) and legal reviewer (the legal step lets her fill them).
  const form: FormDef = {
    key: 'contract',
    name: 'Contract',
    schema: {
      type: 'object',
      properties: {
        title: { type: 'string', readOnly: true, 'x-formloom': { type: 'text', label: 'Title' } },
        legalRisk: { type: 'string', readOnly: true, 'x-formloom': { type: 'text', label: 'Legal risk' } },
        legalOpinion: { type: 'string', readOnly: true, 'x-formloom': { type: 'textarea', label: 'Legal opinion' } },
      },
    },
  };
  const legal = editableFields(pipeline.nodes.find((n) => n.key === 'legal')).map((f) => f.key);

  it('lets the step’s assignee fill the step’s fields a role made read-only, and only those', () => {
    const rjsf = toRjsf(stepForm(form, legal), { language: 'en', only: legal, required: legal });
    expect(rjsf.fields.sort()).toEqual(['legalOpinion', 'legalRisk']);
    expect(stepForm(form, legal).schema.properties?.title?.readOnly).toBe(true);
    // Without it the step would show no field at all.
    expect(toRjsf(form, { language: 'en', only: legal }).fields).toEqual([]);
  });

  it('leaves a form with nothing read-only as it is', () => {
    const plain: FormDef = { ...form, schema: { type: 'object', properties: { legalRisk: { type: 'string' } } } };
    expect(stepForm(plain, legal)).toBe(plain);
  });
});
