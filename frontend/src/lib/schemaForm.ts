import type { FieldError } from '../api/errors';
import type { FormDef, JsonSchema } from '../api/types';
import { pointerToPath } from './formErrors';
import { localized } from './localized';

/** Field types the generated form leaves out: the server fills them, or they need their own editor. */
const NOT_ENTERED = new Set(['serial', 'formula', 'lookup', 'attachment', 'image', 'file', 'signature', 'relation', 'autonumber']);

export interface Choice {
  value: string;
  label: string;
}

export interface SchemaFormOptions {
  language: string;
  /** Workspace members, for member fields. */
  members?: Choice[];
  /** Workspace departments, for department fields. */
  departments?: Choice[];
  /** Only these fields (in this order when `order` is absent); all by default. */
  only?: string[];
  /** Fields that must be filled, on top of the schema's own `required`. */
  required?: string[];
}

export type UiSchema = Record<string, unknown>;

export interface RjsfForm {
  schema: JsonSchema;
  uiSchema: UiSchema;
  /** The top-level fields the form shows. */
  fields: string[];
}

/** stripExtensions drops every "x-…" keyword: they are the server's, and strict JSON Schema validators refuse them. */
function stripExtensions(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k.startsWith('x-')) continue;
    if (k === 'properties' && v && typeof v === 'object') {
      out.properties = Object.fromEntries(
        Object.entries(v as Record<string, JsonSchema>).map(([pk, pv]) => [pk, stripExtensions(pv)]),
      );
    } else if (k === 'items' && v && typeof v === 'object' && !Array.isArray(v)) {
      out.items = stripExtensions(v as JsonSchema);
    } else {
      out[k] = v;
    }
  }
  return out;
}


/** fieldSchema turns one property of a form into what RJSF renders, with its uiSchema. */
function fieldSchema(key: string, prop: JsonSchema, opts: SchemaFormOptions): { schema: JsonSchema; ui: UiSchema } | undefined {
  const meta = prop['x-formloom'];
  const type = meta?.type ?? '';
  if (prop.readOnly || NOT_ENTERED.has(type)) return undefined;
  const schema = stripExtensions(prop);
  schema.title = localized(meta?.label, opts.language) || key;
  const ui: UiSchema = {};
  const options = meta?.options?.map((o) => ({ value: o.value, label: localized(o.label, opts.language) || o.value }));
  const people = type === 'member' ? opts.members : type === 'department' ? opts.departments : undefined;
  const choices = options ?? (people && people.length > 0 ? people : undefined);

  if (schema.type === 'array' && schema.items) {
    if (choices && schema.items.type !== 'object') {
      schema.items = { ...schema.items, enum: choices.map((c) => c.value) };
      schema.uniqueItems = true;
      ui.items = { 'ui:enumNames': choices.map((c) => c.label) };
      ui['ui:enumNames'] = choices.map((c) => c.label);
    } else if (prop.items?.properties) {
      // A sub-form: its rows are small forms of their own.
      const inner = objectSchema(prop.items, { ...opts, only: undefined, required: undefined }, undefined);
      schema.items = inner.schema;
      ui.items = inner.uiSchema;
    }
  } else if (choices) {
    schema.enum = choices.map((c) => c.value);
    ui['ui:enumNames'] = choices.map((c) => c.label);
  }
  if (type === 'textarea') ui['ui:widget'] = 'textarea';
  return { schema, ui };
}

function objectSchema(source: JsonSchema, opts: SchemaFormOptions, order: string[] | undefined): RjsfForm {
  const props = source.properties ?? {};
  const wanted = opts.only ?? order ?? Object.keys(props);
  const keys = [...wanted, ...Object.keys(props).filter((k) => !wanted.includes(k) && !opts.only)];
  const properties: Record<string, JsonSchema> = {};
  const uiSchema: UiSchema = {};
  const fields: string[] = [];
  for (const key of keys) {
    const prop = props[key];
    if (!prop || fields.includes(key)) continue;
    const f = fieldSchema(key, prop, opts);
    if (!f) continue;
    properties[key] = f.schema;
    if (Object.keys(f.ui).length > 0) uiSchema[key] = f.ui;
    fields.push(key);
  }
  const required = [...(source.required ?? []), ...(opts.required ?? [])].filter(
    (k, i, all) => fields.includes(k) && all.indexOf(k) === i,
  );
  const schema: JsonSchema = { type: 'object', properties };
  if (required.length > 0) schema.required = required;
  uiSchema['ui:order'] = [...fields, '*'];
  return { schema, uiSchema, fields };
}

/**
 * toRjsf turns a form's JSON Schema into the schema and uiSchema RJSF renders: labels as
 * titles in the UI language, option labels, members and departments as choices, the form's
 * field order, and without the fields the server computes (serial numbers, formulas) or
 * that need an editor of their own (attachments, relations).
 */
export function toRjsf(form: FormDef, opts: SchemaFormOptions): RjsfForm {
  return objectSchema(form.schema, opts, form.ui?.order);
}

/** An RJSF error schema: nested like the data, messages under __errors. */
export interface ErrorSchema {
  __errors?: string[];
  [key: string]: ErrorSchema | string[] | undefined;
}

export interface MappedErrors {
  errorSchema: ErrorSchema;
  /** Messages that belong to no field the form shows: show them above it. */
  unmatched: string[];
}

/**
 * toErrorSchema puts the server's field errors (keyed by JSON pointers into the submitted
 * data, "/items/2/qty") where RJSF shows them, next to the field. Errors about fields the
 * form does not show come back as `unmatched`.
 */
export function toErrorSchema(errors: Record<string, FieldError>, shown: readonly string[]): MappedErrors {
  const errorSchema: ErrorSchema = {};
  const unmatched: string[] = [];
  for (const [pointer, fe] of Object.entries(errors)) {
    const path = pointerToPath(pointer).map(String);
    if (path.length === 0 || !shown.includes(path[0]!)) {
      unmatched.push(fe.message);
      continue;
    }
    let node = errorSchema;
    for (const seg of path) {
      const next = (node[seg] as ErrorSchema | undefined) ?? {};
      node[seg] = next;
      node = next;
    }
    node.__errors = [...(node.__errors ?? []), fe.message];
  }
  return { errorSchema, unmatched };
}

/** fieldLabels maps each field of a form to its label in the UI language. */
export function fieldLabels(form: FormDef, language: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, prop] of Object.entries(form.schema.properties ?? {})) {
    out.set(key, localized(prop['x-formloom']?.label, language) || key);
  }
  return out;
}

/** orderedFields lists a form's fields in its display order. */
export function orderedFields(form: FormDef): string[] {
  const props = Object.keys(form.schema.properties ?? {});
  const order = (form.ui?.order ?? []).filter((k) => props.includes(k));
  return [...order, ...props.filter((k) => !order.includes(k))];
}

export interface ValueTexts {
  yes: string;
  no: string;
  /** Name of a member or department id, when known. */
  name?: (id: string) => string | undefined;
}

/** displayValue renders a stored field value as text: option labels, names, dates, amounts. */
export function displayValue(prop: JsonSchema | undefined, value: unknown, language: string, texts: ValueTexts): string {
  if (value === null || value === undefined || value === '') return '';
  const meta = prop?.['x-formloom'];
  if (Array.isArray(value)) {
    return value
      .map((v) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : displayValue(prop?.items ?? prop, v, language, texts)))
      .filter((s) => s !== '')
      .join(', ');
  }
  if (typeof value === 'boolean') return value ? texts.yes : texts.no;
  if (typeof value === 'string') {
    const opt = meta?.options?.find((o) => o.value === value);
    if (opt) return localized(opt.label, language) || value;
    if (meta?.type === 'member' || meta?.type === 'department') return texts.name?.(value) ?? value;
    if (prop?.format === 'date-time') {
      const d = new Date(value);
      if (!Number.isNaN(d.getTime())) {
        return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
      }
    }
    return value;
  }
  if (typeof value === 'number') {
    const precision = typeof meta?.precision === 'number' ? meta.precision : undefined;
    return new Intl.NumberFormat(language, precision !== undefined ? { minimumFractionDigits: precision, maximumFractionDigits: precision } : {}).format(value);
  }
  return JSON.stringify(value);
}

/** recordTitle names a record by its first text field that has a value ("" when none has). */
export function recordTitle(form: FormDef, record: { data: Record<string, unknown> }): string {
  const props = form.schema.properties ?? {};
  for (const key of orderedFields(form)) {
    const type = props[key]?.['x-formloom']?.type;
    const v = record.data[key];
    if ((type === 'text' || type === undefined) && typeof v === 'string' && v.trim() !== '') return v;
  }
  return '';
}
