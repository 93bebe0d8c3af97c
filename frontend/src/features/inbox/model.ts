import type { FormDef, InboxItem, PipelineDef, PipelineNode, RecordItem } from '../../api/types';
import { editableFields } from '../../lib/flowActions';
import { recordTitle } from '../../lib/schemaForm';

/** serialOf is a record's serial number (the first serial field with a value), "" when none. */
export function serialOf(form: FormDef, record: { data: Record<string, unknown> }): string {
  for (const [key, prop] of Object.entries(form.schema.properties ?? {})) {
    const v = record.data[key];
    if (prop['x-formloom']?.type === 'serial' && typeof v === 'string' && v !== '') return v;
  }
  return '';
}

/**
 * inboxTitle names an inbox item the way people recognise it: "HT-2026-0001 禾丰超市收银系统采购合同 · 法务审核".
 * Without the record (not loaded, or not readable) it falls back to the app's name.
 */
export function inboxTitle(step: string, record?: RecordItem, form?: FormDef, appName = ''): string {
  const head = record && form ? [serialOf(form, record), recordTitle(form, record)].filter(Boolean).join(' ') : '';
  return [head || appName, step].filter(Boolean).join(' · ');
}

/** A step of a pipeline that inbox items wait at. */
export interface StepKey {
  app: string;
  form: string;
  node: string;
}

export function stepKey(it: { app: string; form: string; node?: string }): string {
  return `${it.app}/${it.form}/${it.node ?? ''}`;
}

/** BulkPlan says how a bulk approval goes: the fields asked for once, and what needs its own page. */
export interface BulkPlan<T> {
  /** The one step every item waits at, when they share it and it has fields to fill. */
  step?: PipelineNode;
  /** Its fields the approver fills once, required ones marked. */
  fields: { key: string; required: boolean }[];
  /** Items the bulk approval sends. */
  ready: T[];
  /** Items at a step with required fields that the request cannot fill: each needs its own page. */
  ownPage: T[];
}

/**
 * planBulk decides what a bulk approval of items asks for. Items waiting at one step share
 * its fields: they are asked once and sent with every item. Items at several steps are sent
 * without fields; those whose step requires some are left for their own pages.
 */
export function planBulk<T extends Pick<InboxItem, 'app' | 'form' | 'node'>>(items: readonly T[], pipelineOf: (it: T) => PipelineDef | undefined): BulkPlan<T> {
  const nodeOf = (it: T) => pipelineOf(it)?.nodes.find((n) => n.key === it.node);
  const keys = new Set(items.map(stepKey));
  if (keys.size === 1 && items.length > 0) {
    const node = nodeOf(items[0]!);
    const fields = editableFields(node);
    return { step: fields.length > 0 ? node : undefined, fields, ready: [...items], ownPage: [] };
  }
  const ready: T[] = [];
  const ownPage: T[] = [];
  for (const it of items) {
    if (editableFields(nodeOf(it)).some((f) => f.required)) ownPage.push(it);
    else ready.push(it);
  }
  return { fields: [], ready, ownPage };
}
