/**
 * Sub-form columns in the designer. A sub-form's rows are a JSON Schema object (the field's
 * `items`); its columns are designed with the same model functions as top-level fields: the
 * rows' schema is lifted into a stand-in form, edited with lib/designer's functions, and put
 * back. A column is named by its path "items.qty", as in views and filters; its help and
 * placeholder live in the form's ui.fields under that path (docs/template-format.md). Rows have
 * no ui.order: a column's place is its place among the properties. Pure functions: template →
 * template.
 */
import {
  addField,
  fieldKeys,
  fieldView,
  moveField,
  removeField,
  renameField,
  replaceProperty,
  updateField,
  type FieldPatch,
  type FieldView,
  type JsonObject,
  type PaletteType,
  type Template,
  type Texts,
  type Json,
} from './designer';
import { formFields, type FieldInfo } from '../query/fields';
import { otherRequiredRules, renameInRequiredWhen, requiredWhenOf, withRequiredWhen, withoutRequiredWhen } from './requiredWhen';
import { visibleWhenOf, withVisibleWhen } from './visibleWhen';
import type { PlainDefault } from './linked';
import { fieldType } from '../../../fields/registry';

const isObj = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** inRows tells whether a sub-form row may hold a field of this type (see FieldTypeDef.notInRows). */
export function inRows(type: string): boolean {
  return !fieldType(type)?.notInRows;
}

/** ColumnPath is a sub-form column named by its path: the sub-form's key and the column's. */
export interface ColumnPath {
  sub: string;
  col: string;
}

/** columnPath reads "items.qty"; undefined for a top-level key. */
export function columnPath(path: string): ColumnPath | undefined {
  const at = path.indexOf('.');
  if (at <= 0 || at === path.length - 1) return undefined;
  return { sub: path.slice(0, at), col: path.slice(at + 1) };
}

const rowsOf = (form: JsonObject | undefined, sub: string): JsonObject | undefined => {
  const props = form && isObj(form.schema) && isObj(form.schema.properties) ? form.schema.properties : {};
  const p = props[sub];
  return isObj(p) && isObj(p.items) ? p.items : undefined;
};

/** isSubform tells whether field key of a form is a sub-form with rows to design. */
export function isSubform(form: JsonObject | undefined, key: string): boolean {
  const props = form && isObj(form.schema) && isObj(form.schema.properties) ? form.schema.properties : {};
  const p = props[key];
  return isObj(p) && isObj(p['x-formloom']) && typeof p['x-formloom'].type === 'string' && fieldType(p['x-formloom'].type)?.rows === true;
}

/** The stand-in form of a sub-form's rows: their schema, and their columns' ui settings. */
function standIn(form: JsonObject, sub: string): JsonObject {
  const rows = rowsOf(form, sub) ?? { type: 'object', properties: {} };
  const ui = isObj(form.ui) && isObj(form.ui.fields) ? form.ui.fields : {};
  const fields: JsonObject = {};
  for (const [path, v] of Object.entries(ui)) if (path.startsWith(`${sub}.`)) fields[path.slice(sub.length + 1)] = v;
  return { key: sub, schema: rows, ui: { fields } };
}

/** putBack writes an edited stand-in into the form: rows' properties in display order, ui under their paths. */
function putBack(form: JsonObject, sub: string, edited: JsonObject): JsonObject {
  const schema = isObj(edited.schema) ? edited.schema : {};
  const props = isObj(schema.properties) ? schema.properties : {};
  const rows: JsonObject = { ...schema, properties: Object.fromEntries(fieldKeys(edited).map((k) => [k, props[k]!])) };
  const formSchema = isObj(form.schema) ? form.schema : {};
  const formProps = isObj(formSchema.properties) ? formSchema.properties : {};
  const subProp = isObj(formProps[sub]) ? formProps[sub] : {};
  const ui: JsonObject = isObj(form.ui) ? { ...form.ui } : {};
  const fields: JsonObject = {};
  for (const [path, v] of Object.entries(isObj(ui.fields) ? ui.fields : {})) if (!path.startsWith(`${sub}.`)) fields[path] = v;
  const editedUi = isObj(edited.ui) && isObj(edited.ui.fields) ? edited.ui.fields : {};
  for (const [col, v] of Object.entries(editedUi)) fields[`${sub}.${col}`] = v;
  if (Object.keys(fields).length > 0) ui.fields = fields;
  else delete ui.fields;
  const next: JsonObject = { ...form, schema: { ...formSchema, properties: { ...formProps, [sub]: { ...subProp, items: rows } } } };
  if (Object.keys(ui).length > 0) next.ui = ui;
  else delete next.ui;
  return next;
}

/** withRows applies a template-level edit of lib/designer to sub-form sub's rows, as if they were a form. */
function withRows(t: Template, formIndex: number, sub: string, edit: (rows: Template) => Template): Template {
  const form = t.forms[formIndex];
  if (!form || !isSubform(form, sub)) return t;
  // The app's other forms stay beside the stand-in: a new relation column links to one of them.
  const edited = edit({ ...t, forms: [standIn(form, sub), ...t.forms.filter((_, i) => i !== formIndex)] }).forms[0]!;
  return { ...t, forms: t.forms.map((f, i) => (i === formIndex ? putBack(form, sub, edited) : f)) };
}

/** columnKeys lists a sub-form's columns in display order. */
export function columnKeys(form: JsonObject | undefined, sub: string): string[] {
  return form && rowsOf(form, sub) ? fieldKeys(standIn(form, sub)) : [];
}

/** columnView reads what the designer shows of a column ("items.qty"). */
export function columnView(form: JsonObject | undefined, path: string): FieldView | undefined {
  const p = columnPath(path);
  if (!form || !p || !rowsOf(form, p.sub)) return undefined;
  return fieldView(standIn(form, p.sub), p.col);
}

/** columnProperty is a column's JSON Schema. */
export function columnProperty(form: JsonObject | undefined, path: string): JsonObject | undefined {
  const p = columnPath(path);
  const rows = p ? rowsOf(form, p.sub) : undefined;
  const c = rows && isObj(rows.properties) ? rows.properties[p!.col] : undefined;
  return isObj(c) ? c : undefined;
}

/** rowsSchema is a sub-form's row schema (for the formula editor of its columns). */
export function rowsSchema(form: JsonObject | undefined, sub: string): JsonObject {
  return rowsOf(form, sub) ?? { type: 'object', properties: {} };
}

/** addColumn adds a column of a type to sub-form sub at a position (the end by default); row-less types are refused (same template). */
export function addColumn(t: Template, formIndex: number, sub: string, type: PaletteType, key: string, label: Texts, at?: number): Template {
  if (!inRows(type)) return t;
  return withRows(t, formIndex, sub, (rows) => addField(rows, 0, type, key, label, at));
}

/** moveColumn moves the column at position from to position to. */
export function moveColumn(t: Template, formIndex: number, sub: string, from: number, to: number): Template {
  return withRows(t, formIndex, sub, (rows) => moveField(rows, 0, from, to));
}

/** removeColumn deletes column path with its required entry and its ui settings. */
export function removeColumn(t: Template, formIndex: number, path: string): Template {
  const p = columnPath(path);
  return p ? withRows(t, formIndex, p.sub, (rows) => withoutRequiredWhen(removeField(rows, 0, p.col), 0, p.col)) : t;
}

/** updateColumn writes the settings in patch into column path. */
export function updateColumn(t: Template, formIndex: number, path: string, patch: FieldPatch): Template {
  const p = columnPath(path);
  return p ? withRows(t, formIndex, p.sub, (rows) => updateField(rows, 0, p.col, patch)) : t;
}

/** renameColumn changes a (new) column's key, keeping its place and settings. */
export function renameColumn(t: Template, formIndex: number, path: string, to: string): Template {
  const p = columnPath(path);
  return p ? withRows(t, formIndex, p.sub, (rows) => renameInRequiredWhen(renameField(rows, 0, p.col, to), 0, p.col, to)) : t;
}

/** editRowsSchema replaces sub-form sub's row schema by fn's result (a column's type panel editing the columns beside it). */
export function editRowsSchema(t: Template, formIndex: number, sub: string, fn: (rows: JsonObject) => JsonObject): Template {
  return withRows(t, formIndex, sub, (rows) => ({ ...rows, forms: rows.forms.map((f, i) => (i === 0 ? { ...f, schema: fn(isObj(f.schema) ? f.schema : {}) } : f)) }));
}

/** replaceColumn replaces a column's JSON Schema (the formula editor writes its expr this way). */
export function replaceColumn(t: Template, formIndex: number, path: string, prop: JsonObject): Template {
  const p = columnPath(path);
  return p ? withRows(t, formIndex, p.sub, (rows) => replaceProperty(rows, 0, p.col, prop)) : t;
}

/**
 * columnDefaultOf reads what a new row's column starts with: a plain value, or nothing. A row
 * has no linked or current-user default: those are filled for the record's own fields.
 */
export function columnDefaultOf(form: JsonObject | undefined, path: string): PlainDefault {
  const c = columnProperty(form, path);
  // Null is a value chosen but not yet typed (new rows skip it), as for a record's field.
  return c && 'default' in c ? { mode: 'value', value: c.default ?? null } : { mode: 'none' };
}

/** withColumnDefault sets (value) or removes (none) the plain default of a sub-form's column. */
export function withColumnDefault(t: Template, formIndex: number, path: string, setting: PlainDefault): Template {
  const c = columnProperty(t.forms[formIndex], path);
  if (!c) return t;
  const next: JsonObject = { ...c };
  delete next.default;
  if (setting.mode === 'value') next.default = setting.value;
  return replaceColumn(t, formIndex, path, next);
}

/** withRowLimits sets a sub-form's least and most rows (x-formloom minRows/maxRows; undefined: none). */
export function withRowLimits(t: Template, formIndex: number, sub: string, minRows: number | undefined, maxRows: number | undefined): Template {
  const form = t.forms[formIndex];
  if (!form || !isSubform(form, sub)) return t;
  const schema = form.schema as JsonObject;
  const props = schema.properties as JsonObject;
  const prop = props[sub] as JsonObject;
  const meta: JsonObject = { ...(prop['x-formloom'] as JsonObject) };
  const next: JsonObject = { ...prop };
  for (const [k, v, kw] of [['minRows', minRows, 'minItems'], ['maxRows', maxRows, 'maxItems']] as const) {
    if (v === undefined) delete meta[k];
    else meta[k] = v;
    // The server fills minItems/maxItems from the rows setting; a stale one would win over it.
    delete next[kw];
  }
  next['x-formloom'] = meta;
  return { ...t, forms: t.forms.map((f, i) => (i === formIndex ? { ...form, schema: { ...schema, properties: { ...props, [sub]: next } } } : f)) };
}

/*
 * A column's conditions. The server tests a column's show-when on its own row
 * (builder/form/visibility.go), and its "required when" is an allOf entry of the rows' schema
 * (the sub-form's items), which JSON Schema applies to each row: so both conditions test the
 * row's sibling columns, and the same builder shapes as top-level fields are written.
 */

/** columnFields lists the columns of sub-form sub a condition of column `except` may test. */
export function columnFields(form: JsonObject | undefined, sub: string, language: string, except?: string): FieldInfo[] {
  if (!form || !rowsOf(form, sub)) return [];
  return formFields({ forms: [standIn(form, sub)] }, sub, language).filter((f) => f.key !== except);
}

/** columnVisibleWhen is column path's show-when condition (ui.fields["items.qty"].visibleWhen). */
export function columnVisibleWhen(form: JsonObject | undefined, path: string): Json | undefined {
  return form && columnPath(path) ? visibleWhenOf(form, path) : undefined;
}

/** withColumnVisibleWhen shows column path only in rows where cond holds (undefined: always). */
export function withColumnVisibleWhen(t: Template, formIndex: number, path: string, cond: Json | undefined): Template {
  const p = columnPath(path);
  if (!p || !isSubform(t.forms[formIndex], p.sub)) return t;
  return withVisibleWhen(t, formIndex, path, cond);
}

/** columnRequiredWhen is column path's "required when" condition (the if of its entry in the rows' allOf). */
export function columnRequiredWhen(form: JsonObject | undefined, path: string): Json | undefined {
  const p = columnPath(path);
  return form && p && rowsOf(form, p.sub) ? requiredWhenOf(standIn(form, p.sub), p.col) : undefined;
}

/** columnOtherRequired lists the rows' other rules that can make column path required (shown read-only). */
export function columnOtherRequired(form: JsonObject | undefined, path: string): Json[] {
  const p = columnPath(path);
  return form && p && rowsOf(form, p.sub) ? otherRequiredRules(standIn(form, p.sub), p.col) : [];
}

/** withColumnRequiredWhen makes column path required in the rows where cond holds (undefined: the entry goes). */
export function withColumnRequiredWhen(t: Template, formIndex: number, path: string, cond: Json | undefined): Template {
  const p = columnPath(path);
  return p ? withRows(t, formIndex, p.sub, (rows) => withRequiredWhen(rows, 0, p.col, cond)) : t;
}
