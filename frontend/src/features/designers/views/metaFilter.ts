import type { PipelineNode } from '../../../shared/api/types';
import type { JsonObject, Template } from '../form/designer';
import type { FieldInfo } from '../query/fields';
import { stageOf } from './stageMove';

/** The statuses a record's flow can be in (runtime/flow), as a view's filter offers them. */
export const FLOW_STATUSES = ['draft', 'running', 'returned', 'approved', 'rejected', 'done', 'withdrawn'] as const;

/** Node types a record stays at, whose stage it shows (builder/template StageOptions). */
const STAGED = new Set(['start', 'task', 'approval', 'end']);

/**
 * metaFilterFields lists what a view's filter may test besides the form's own fields: for a
 * form with a flow, its status and stage (待审批: 流程状态 等于 进行中), and for every form when
 * a record was created or last changed. label names a meta field, statusLabel a status.
 */
export function metaFilterFields(doc: Template, form: string, label: (meta: string) => string, statusLabel: (status: string) => string): FieldInfo[] {
  const out: FieldInfo[] = [];
  const pipeline = (Array.isArray(doc.pipelines) ? doc.pipelines : []).find((p): p is JsonObject => typeof p === 'object' && p !== null && !Array.isArray(p) && p.form === form);
  if (pipeline) {
    out.push({ key: '_flowStatus', label: label('_flowStatus'), type: 'select', kind: 'string', options: FLOW_STATUSES.map((s) => ({ value: s, label: statusLabel(s) })) });
    const nodes = (Array.isArray(pipeline.nodes) ? pipeline.nodes : []) as unknown as PipelineNode[];
    const stages = [...new Set(nodes.filter((n) => STAGED.has(n.type)).map(stageOf))].filter((s) => s !== '');
    out.push({ key: '_stage', label: label('_stage'), type: 'select', kind: 'string', options: stages.map((s) => ({ value: s, label: s })) });
  }
  out.push({ key: '_created', label: label('_created'), type: 'datetime', kind: 'date', options: [] });
  out.push({ key: '_updated', label: label('_updated'), type: 'datetime', kind: 'date', options: [] });
  return out;
}
