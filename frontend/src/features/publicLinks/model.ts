import type { FormDef, JsonSchema, Localized, PipelineDef } from '../../shared/api/types';
import { editableFields } from '../records/flowActions';
import { localized } from '../../shared/lib/localized';
import { orderedFields } from '../forms/schemaForm';
import { anyFieldType } from '../../fields/foreign';

/**
 * The public-link settings' pure logic: which fields a link may expose and exposes by
 * default (as the server decides: runtime/records/public_fields.go), and the addresses
 * a visitor opens.
 */

export interface FieldChoice {
  key: string;
  label: string;
}

function writable(prop: JsonSchema | undefined): boolean {
  if (!prop || prop.readOnly) return false;
  // Computed types are filled by the server: a link can neither expose them nor let a visitor write them.
  return !anyFieldType(prop['x-formloom']?.type)?.computed;
}

/** linkFields are the fields a link may expose (every field a visitor could fill), in the form's order. */
export function linkFields(form: FormDef, language: string): FieldChoice[] {
  const props = form.schema.properties ?? {};
  return orderedFields(form)
    .filter((k) => writable(props[k]))
    .map((k) => ({ key: k, label: localized(props[k]?.['x-formloom']?.label, language) || k }));
}

/**
 * defaultExposed are the fields a link without its own list exposes: those the pipeline's
 * start node lets a submitter edit, or every fillable field when the form has no pipeline
 * (or its start node lets none be edited).
 */
export function defaultExposed(form: FormDef, pipelines: PipelineDef[] | undefined): string[] {
  const all = linkFields(form, 'en').map((f) => f.key);
  const start = pipelines?.find((p) => p.form === form.key)?.nodes.find((n) => n.type === 'start');
  const editable = new Set(editableFields(start).map((f) => f.key));
  const step = all.filter((k) => editable.has(k));
  return step.length > 0 ? step : all;
}

/** sameFields tells whether a chosen list is the default one (then the link keeps "default"). */
export function sameFields(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((k) => b.includes(k));
}

/** publicFormUrl is the page a visitor opens for a link's token. */
export function publicFormUrl(origin: string, token: string): string {
  return `${origin}/public/forms/${encodeURIComponent(token)}`;
}

/** publicStatusUrl is the page a submitter opens with their status token. */
export function publicStatusUrl(origin: string, token: string): string {
  return `${origin}/public/status/${encodeURIComponent(token)}`;
}

/** A public link as the management routes return it. */
export interface PublicLink {
  id: string;
  token: string;
  url: string;
  owner: string;
  form: string;
  created: string;
  createdBy?: string;
  revoked?: boolean;
  /** null: the default fields. */
  fields: string[] | null;
  show: string[];
}

/** The form a visitor fills (GET /public/forms/{token}). */
export interface PublicForm {
  name: Localized;
  schema: JsonSchema;
  ui?: FormDef['ui'];
  honeypot: string;
}

/** What a visitor gets back for a stored submission. */
export interface PublicReceipt {
  receipt: string;
  serial?: string;
  statusToken: string;
  statusUrl: string;
}

/** What a submitter sees with their status token. */
export interface PublicStatus {
  serial?: string;
  submitted: string;
  status: string;
  stage?: string;
  fields: Record<string, unknown>;
  labels: Record<string, Localized>;
}

/** STATUSES are the statuses the status page names in words; others show as they are. */
export const STATUSES = ['received', 'draft', 'running', 'returned', 'approved', 'rejected', 'done', 'withdrawn'] as const;

/** statusKey is the text key of a status, or undefined for one the page does not know. */
export function statusKey(status: string): (typeof STATUSES)[number] | undefined {
  return (STATUSES as readonly string[]).includes(status) ? (status as (typeof STATUSES)[number]) : undefined;
}

/** statusValue renders one shown field's value as text. */
export function statusValue(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(statusValue).join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
