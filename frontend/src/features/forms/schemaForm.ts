import type { FieldError } from '../../shared/api/errors';
import type { FieldMeta, FormDef, JsonSchema } from '../../shared/api/types';
import { pointerToPath } from './formErrors';
import { localized } from '../../shared/lib/localized';
import { fieldType } from '../../fields/registry';
import { anyFieldType } from '../../fields/foreign';
import { attachVisibility, type Visibility } from './visibility';
import { readFormulas } from './formula/compute';

/** notEntered: the generated form leaves the type out (the server fills it, or it needs its own editor). */
function notEntered(type: string): boolean {
  return anyFieldType(type)?.notEntered === true;
}

export interface Choice {
  value: string;
  label: string;
  /** A second, quieter line that tells choices with one label apart (a member's departments). */
  desc?: string;
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
  /** The form's per-field presentation (placeholder, help, disabled), by field path. */
  ui?: Record<string, FieldLook>;
  /** The sub-form whose rows are being built ("" at the top). */
  path?: string;
  /** The app whose records relation fields pick from; without it (public forms) they are left out. */
  records?: { ws: string; app: string };
  /**
   * Where attachment fields upload their files: the form being filled and, when one is being
   * edited or acted on, its record. Without it (public forms, bulk dialogs) they are left out.
   */
  files?: FilesPlace;
}

/**
 * FilesPlace is where an attachment field's uploads go: a form of an app, or a public link
 * (token; its visitor knows no workspace, app or form, which stay empty). preview (the
 * designer's) shows the field without uploading: the draft's fields need not exist in the
 * published form.
 */
export interface FilesPlace {
  ws: string;
  app: string;
  form: string;
  record?: string;
  token?: string;
  preview?: boolean;
}

/** FilesPick is an attachment field's upload place with its path and limits, as its widget receives it. */
export interface FilesPick extends FilesPlace {
  field: string;
  accept?: string[];
  maxCount?: number;
  maxSize?: number;
}

/** RelationPick is where a relation field's picker finds its records: a form of the app. */
export interface RelationPick {
  ws: string;
  app: string;
  form: string;
}

/** Creator is the signed-in member filling a new record, and their departments (the first is their main one). */
export interface Creator {
  user: string;
  departments: string[];
}

/**
 * creatorValues is what a new record starts with in the fields shown (top-level keys) whose
 * default is the current user or their department, for creator: the form puts them into
 * its data when it opens, and the member may change them where the field is editable.
 */
export function creatorValues(form: FormDef, shown: readonly string[], creator: Creator | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of shown) {
    const prop = form.schema.properties?.[key];
    const v = currentValue(prop?.['x-formloom'], prop?.type === 'array', creator);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

/**
 * startValues is what a new record starts with in the fields shown: each field's plain schema
 * default (status "todo", a quantity of 1), then the current-user defaults (creatorValues).
 * The form library is told to skip schema defaults, so that a choice with none stays empty;
 * the ones a form does give are put in here, as the server would fill them.
 */
export function startValues(form: FormDef, shown: readonly string[], creator: Creator | undefined): Record<string, unknown> {
  return { ...plainDefaults(form.schema.properties, shown), ...creatorValues(form, shown, creator) };
}

/**
 * plainDefaults is the JSON Schema default of each of the properties named (all of them when
 * keys is absent), copied; a property without one, or whose default is null (a value the
 * designer chose but left empty), is left out. A new record's fields and a new sub-form
 * row's columns start with them.
 */
export function plainDefaults(properties: Record<string, JsonSchema> | undefined, keys: readonly string[] = Object.keys(properties ?? {})): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const prop = properties?.[key];
    if (prop?.default !== undefined && prop.default !== null) out[key] = structuredClone(prop.default);
  }
  return out;
}

/**
 * currentValue is what a top-level field whose x-formloom default is the current user (or
 * their department) starts with for creator; undefined when it has no such default or
 * nothing to start with. The server fills the same when a create leaves the field out.
 */
export function currentValue(meta: FieldMeta | undefined, multiple: boolean, creator: Creator | undefined): string | string[] | undefined {
  if (!creator || !meta) return undefined;
  const current = fieldType(meta.type)?.currentDefault;
  if (!current || meta.default !== current) return undefined;
  const ids = current === 'currentUser' ? (creator.user ? [creator.user] : []) : creator.departments;
  if (ids.length === 0) return undefined;
  return multiple ? [...ids] : ids[0];
}

/** FieldLook is what the form's "ui" says of one field. */
export interface FieldLook {
  placeholder?: Record<string, string>;
  help?: Record<string, string>;
  disabled?: boolean;
  /** full, half or third of the row at desktop width (one column on a phone). */
  width?: string;
  /** Shown only when the record (a sub-form column: its row) matches this JSON Schema. */
  visibleWhen?: JsonSchema;
}

export type UiSchema = Record<string, unknown>;

export interface RjsfForm {
  schema: JsonSchema;
  uiSchema: UiSchema;
  /** The top-level fields the form shows. */
  fields: string[];
  /** The show-when conditions of its fields and sub-form columns (lib/visibility). */
  visible?: Visibility;
  /** The form's own schema when it has formulas, for the browser to compute them (formula/compute.ts). */
  formulas?: JsonSchema;
}

/** Keywords whose values are values, not schemas: copied as they are. */
const VALUE_KEYWORDS = new Set(['const', 'default', 'examples', 'enum', 'required', 'dependentRequired', 'type']);

/** stripExtensions drops every "x-…" keyword, at every depth: they are the server's, and strict JSON Schema validators refuse them. */
function stripExtensions(schema: JsonSchema): JsonSchema {
  return stripDeep(schema) as JsonSchema;
}

/** Keywords whose values map names to schemas: their member names are not keywords. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'dependentSchemas']);

function stripDeep(v: unknown, mode: 'schema' | 'map' | 'value' = 'schema'): unknown {
  if (mode === 'value' || v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => stripDeep(x));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (mode === 'map') {
      out[k] = stripDeep(x);
      continue;
    }
    if (k.startsWith('x-')) continue;
    out[k] = stripDeep(x, VALUE_KEYWORDS.has(k) ? 'value' : SCHEMA_MAPS.has(k) ? 'map' : 'schema');
  }
  return out;
}

/**
 * FORM_KEYWORDS are the form-level keywords the server validates a record with besides its
 * properties: the browser keeps them, so that both give the same verdict.
 */
const FORM_KEYWORDS = [
  'if', 'then', 'else', 'allOf', 'anyOf', 'oneOf', 'not', 'dependentRequired', 'dependentSchemas',
  'additionalProperties', 'patternProperties', 'propertyNames', 'minProperties', 'maxProperties',
  'unevaluatedProperties', '$defs',
];


/** fieldSchema turns one property of a form into what RJSF renders, with its uiSchema. */
function fieldSchema(key: string, prop: JsonSchema, opts: SchemaFormOptions): { schema: JsonSchema; ui: UiSchema } | undefined {
  const meta = prop['x-formloom'];
  const type = meta?.type ?? '';
  // A formula is shown read-only with the value the browser computes as people type
  // (formula/compute.ts); it is never sent.
  const formula = fieldType(type)?.expression === true;
  if (!formula && (prop.readOnly || notEntered(type))) return undefined;
  const def = fieldType(type);
  if (def?.picksRecords && !opts.records) return undefined;
  if (def?.files && !opts.files) return undefined;
  const schema = stripExtensions(prop);
  schema.title = localized(meta?.label, opts.language) || key;
  const ui: UiSchema = {};
  if (formula) ui['ui:readonly'] = true;
  const options: Choice[] | undefined = meta?.options?.map((o) => ({ value: o.value, label: localized(o.label, opts.language) || o.value }));
  const people = def?.people ? opts[def.people] : undefined;
  // A member or department field is a picker whenever the list is known, even an empty one
  // (a workspace without departments yet): as a text box it took any words, which the
  // server then refused as 本工作区中没有此部门.
  const choices = options ?? people;

  // Descriptions go beside the labels, in the same order (the picker shows and searches them).
  const descriptions = choices?.some((c) => c.desc) ? { descriptions: choices.map((c) => c.desc ?? '') } : undefined;
  if (schema.type === 'array' && schema.items) {
    if (choices && schema.items.type !== 'object') {
      schema.items = { ...schema.items, enum: choices.map((c) => c.value) };
      schema.uniqueItems = true;
      ui.items = { 'ui:enumNames': choices.map((c) => c.label), ...(descriptions ? { 'ui:options': descriptions } : {}) };
      ui['ui:enumNames'] = choices.map((c) => c.label);
      if (descriptions) ui['ui:options'] = { ...(ui['ui:options'] as object | undefined), ...descriptions };
    } else if (prop.items?.properties) {
      // A sub-form: its rows are small forms of their own.
      const inner = objectSchema(prop.items, { ...opts, only: undefined, required: undefined, path: key }, undefined);
      schema.items = inner.schema;
      ui.items = inner.uiSchema;
      if (inner.visible) rowConditions.set(schema, inner.visible.top);
    }
  } else if (choices) {
    schema.enum = choices.map((c) => c.value);
    ui['ui:enumNames'] = choices.map((c) => c.label);
    if (descriptions) ui['ui:options'] = { ...(ui['ui:options'] as object | undefined), ...descriptions };
  }
  if (def?.widget) ui['ui:widget'] = def.widget;
  if (def?.picksRecords && opts.records && typeof meta?.form === 'string') {
    const pick: RelationPick = { ...opts.records, form: meta.form };
    // A list of record IDs is one picker with several values (a custom widget), not rows.
    ui['ui:options'] = { ...(ui['ui:options'] as object | undefined), relation: pick };
  }
  if (def?.files && opts.files) {
    // A list of file IDs is one uploader (a custom widget), not rows of text boxes.
    const files: FilesPick = {
      ...opts.files,
      field: opts.path ? `${opts.path}.${key}` : key,
      accept: Array.isArray(meta?.accept) ? (meta.accept as string[]) : undefined,
      maxCount: typeof meta?.maxCount === 'number' ? meta.maxCount : typeof prop.maxItems === 'number' ? prop.maxItems : undefined,
      maxSize: typeof meta?.maxSize === 'number' ? meta.maxSize : undefined,
    };
    ui['ui:options'] = { ...(ui['ui:options'] as object | undefined), files };
  }
  // The server's defaults (builder/form), so that a long text is refused in both places.
  if (def?.maxLength !== undefined && schema.maxLength === undefined) schema.maxLength = def.maxLength;
  const look = opts.ui?.[opts.path ? `${opts.path}.${key}` : key];
  if (look?.placeholder) ui['ui:placeholder'] = localized(look.placeholder, opts.language);
  if (look?.help) ui['ui:help'] = localized(look.help, opts.language);
  if (look?.disabled) ui['ui:disabled'] = true;
  if (!opts.path && (look?.width === 'half' || look?.width === 'third')) ui['ui:classNames'] = `fl-w-${look.width}`;
  return { schema, ui };
}

/** The row conditions of the sub-form schemas fieldSchema just built, picked up by objectSchema. */
const rowConditions = new WeakMap<JsonSchema, Record<string, JsonSchema>>();

/**
 * UI_VISIBLE is the uiSchema key under which an object's show-when conditions (field →
 * condition) reach the form's object template (components/SchemaForm), which leaves out
 * the fields whose condition the object's data does not match.
 */
export const UI_VISIBLE = 'ui:visibleWhen';

function objectSchema(source: JsonSchema, opts: SchemaFormOptions, order: string[] | undefined): RjsfForm {
  const props = source.properties ?? {};
  const wanted = opts.only ?? order ?? Object.keys(props);
  const keys = [...wanted, ...Object.keys(props).filter((k) => !wanted.includes(k) && !opts.only)];
  const properties: Record<string, JsonSchema> = {};
  const uiSchema: UiSchema = {};
  const fields: string[] = [];
  const visible: Visibility = { top: {}, rows: {} };
  for (const key of keys) {
    const prop = props[key];
    if (!prop || fields.includes(key)) continue;
    const f = fieldSchema(key, prop, opts);
    if (!f) continue;
    properties[key] = f.schema;
    if (Object.keys(f.ui).length > 0) uiSchema[key] = f.ui;
    fields.push(key);
    const cond = opts.ui?.[opts.path ? `${opts.path}.${key}` : key]?.visibleWhen;
    if (cond && typeof cond === 'object') visible.top[key] = stripDeep(cond) as JsonSchema;
    const rows = rowConditions.get(f.schema);
    if (rows) visible.rows[key] = rows;
  }
  const all = [...(source.required ?? []), ...(opts.required ?? [])].filter((k, i, list) => fields.includes(k) && list.indexOf(k) === i);
  // A field shown under a condition is required only while it is shown.
  const required = all.filter((k) => !visible.top[k]);
  const schema: JsonSchema = { type: 'object', properties };
  if (required.length > 0) schema.required = required;
  for (const k of FORM_KEYWORDS) {
    if (source[k] !== undefined) schema[k] = stripDeep(source[k]);
  }
  const whenShown = all.filter((k) => visible.top[k]).map((k) => ({ if: visible.top[k], then: { required: [k] } }));
  if (whenShown.length > 0) schema.allOf = [...((schema.allOf as JsonSchema[] | undefined) ?? []), ...whenShown];
  uiSchema['ui:order'] = [...fields, '*'];
  const conditional = Object.keys(visible.top).length > 0 || Object.keys(visible.rows).length > 0;
  if (Object.keys(visible.top).length > 0) uiSchema[UI_VISIBLE] = visible.top;
  return conditional ? { schema, uiSchema, fields, visible } : { schema, uiSchema, fields };
}

/**
 * toRjsf turns a form's JSON Schema into the schema and uiSchema RJSF renders: labels as
 * titles in the UI language, option labels, members and departments as choices, the form's
 * field order, and without the fields the server computes (serial numbers, lookups); relation
 * and attachment fields only where the options say where they pick and upload.
 */
export function toRjsf(form: FormDef, opts: SchemaFormOptions): RjsfForm {
  const out = objectSchema(form.schema, { ui: form.ui?.fields as Record<string, FieldLook> | undefined, ...opts }, form.ui?.order);
  // Sections (ui.sections) go to the root's layout template (SectionedObjectTemplate), titles in the UI language.
  const sections = (form.ui as { sections?: { title: Record<string, string>; fields: string[]; collapsible?: boolean; collapsed?: boolean }[] } | undefined)?.sections;
  const shown = (sections ?? [])
    .map((s) => ({ title: localized(s.title, opts.language), fields: s.fields.filter((f) => out.fields.includes(f)), collapsible: s.collapsible, collapsed: s.collapsed }))
    .filter((s) => s.fields.length > 0);
  if (shown.length > 0) out.uiSchema['ui:sections'] = shown;
  // The validator drops the errors of what show-when hides, whatever rule requires it.
  if (out.visible) attachVisibility(out.schema, out.visible);
  if (readFormulas(form.schema).list.length > 0) out.formulas = form.schema;
  return out;
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
  /** Serial number and title of a linked record's id (relation fields), when known. */
  record?: (id: string) => string | undefined;
  /** Name of an uploaded file's id (attachment fields), when known. */
  file?: (id: string) => string | undefined;
  /** How many files an attachment field holds, where their names are not at hand (lists and views). */
  files?: (count: number) => string;
  /** What a signature reads as in words (已签名): its drawing is shown only on the record page. */
  signed?: string;
}

/** displayValue renders a stored field value as text: option labels, names, dates, amounts. */
export function displayValue(prop: JsonSchema | undefined, value: unknown, language: string, texts: ValueTexts): string {
  if (value === null || value === undefined || value === '') return '';
  const meta = prop?.['x-formloom'];
  if (Array.isArray(value)) {
    // A multiple member or multi-select field keeps its type and options on the array, not on
    // its items: each item is shown as the field shows one value (a name, an option's label).
    const item: JsonSchema | undefined = prop?.items?.['x-formloom'] || !meta ? (prop?.items ?? prop) : { ...prop?.items, 'x-formloom': meta };
    if (texts.signed && fieldType(item?.['x-formloom']?.type)?.drawn) return value.length > 0 ? texts.signed : '';
    if (!texts.file && texts.files && fieldType(item?.['x-formloom']?.type)?.files) return value.length > 0 ? texts.files(value.length) : '';
    return value
      .map((v) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? rowText(item, v as Record<string, unknown>, language, texts) : displayValue(item, v, language, texts)))
      .filter((s) => s !== '')
      .join(item?.properties ? '；' : ', ');
  }
  if (typeof value === 'boolean') return value ? texts.yes : texts.no;
  if (typeof value === 'string') {
    const opt = meta?.options?.find((o) => o.value === value);
    if (opt) return localized(opt.label, language) || value;
    // A lookup reads as the field it shows (lookupsShown names it).
    const kind = fieldType(typeof meta?.shows === 'string' ? meta.shows : meta?.type);
    if (kind?.people) return texts.name?.(value) ?? value;
    if (kind?.picksRecords) return texts.record?.(value) ?? '…';
    // A file reads as its name; its ID means nothing to a person.
    if (kind?.files) return texts.file?.(value) ?? '…';
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

/** rowText shows a sub-form row as its filled values in the row's field order, never as JSON. */
function rowText(row: JsonSchema | undefined, value: Record<string, unknown>, language: string, texts: ValueTexts): string {
  const props = row?.properties ?? {};
  const keys = Object.keys(props).length > 0 ? Object.keys(props) : Object.keys(value);
  return keys
    .map((k) => displayValue(props[k], value[k], language, texts))
    .filter((s) => s !== '')
    .join(' / ');
}

/** recordTitle names a record by its first text field that has a value ("" when none has). */
export function recordTitle(form: FormDef, record: { data: Record<string, unknown> }): string {
  const props = form.schema.properties ?? {};
  for (const key of orderedFields(form)) {
    const type = props[key]?.['x-formloom']?.type;
    const v = record.data[key];
    if ((type === undefined || fieldType(type)?.namesRecord) && typeof v === 'string' && v.trim() !== '') return v;
  }
  return '';
}

/**
 * SERVER_VERDICTS are the error codes only the server can decide the same way every time
 * (cross-field rules, formats, phone numbers, decimals, URL schemes): while a person fills
 * a form, these are taken from the server's check and shown on their fields before submit.
 */
const SERVER_VERDICTS = new Set(['rule', 'format', 'phone', 'precision', 'url_scheme']);

/**
 * serverVerdicts keeps the field errors of a server check that the browser shows live. A
 * `required` error on a field required only by a condition ("required when", allOf/if/then) is
 * kept too: the condition may test a formula that only the server computes.
 */
export function serverVerdicts(errors: Record<string, FieldError>, alwaysRequired?: readonly string[]): Record<string, FieldError> {
  const conditional = (path: string, e: FieldError) =>
    alwaysRequired !== undefined && e.code === 'required' && /^\/[^/]+$/.test(path) && !alwaysRequired.includes(path.slice(1));
  return Object.fromEntries(Object.entries(errors).filter(([p, e]) => SERVER_VERDICTS.has(e.code) || conditional(p, e)));
}
