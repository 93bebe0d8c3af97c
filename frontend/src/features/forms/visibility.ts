import { Validator, type Schema } from '@cfworker/json-schema';
import type { JsonSchema } from '../../shared/api/types';

/**
 * Show-when conditions (the template's ui.fields[path].visibleWhen) as the browser applies
 * them, the same way the server does (builder/form/visibility.go): a top-level field's
 * condition is tested on the record, a sub-form column's on its own row. A field whose
 * condition fails is not shown, not required, and its value is not sent.
 */
export interface Visibility {
  /** Top-level field → condition. */
  top: Record<string, JsonSchema>;
  /** Sub-form field → column → condition. */
  rows: Record<string, Record<string, JsonSchema>>;
}

const compiled = new WeakMap<object, Validator>();

/** shown tells whether a value matches a show-when condition. */
export function shown(cond: JsonSchema, value: unknown): boolean {
  let v = compiled.get(cond);
  if (!v) {
    v = new Validator(cond as Schema, '2020-12', false);
    compiled.set(cond, v);
  }
  return v.validate(value).valid;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** dropHidden returns the record without the values of the fields and row columns it hides. */
export function dropHidden(vis: Visibility | undefined, data: Record<string, unknown>): Record<string, unknown> {
  if (!vis) return data;
  let out = data;
  const own = () => {
    if (out === data) out = { ...data };
    return out;
  };
  for (const [key, cond] of Object.entries(vis.top)) {
    if (key in out && !shown(cond, out)) delete own()[key];
  }
  for (const [sub, cols] of Object.entries(vis.rows)) {
    const rows = out[sub];
    if (!Array.isArray(rows)) continue;
    let changed = false;
    const next = rows.map((row) => {
      if (!isObj(row)) return row;
      let r = row;
      // Each condition sees the row as the conditions before it left it, as on the server:
      // a column whose condition tests a hidden column is hidden too.
      for (const [col, cond] of Object.entries(cols)) {
        if (col in r && !shown(cond, r)) {
          if (r === row) r = { ...row };
          delete r[col];
          changed = true;
        }
      }
      return r;
    });
    if (changed) own()[sub] = next;
  }
  return out;
}

const enc = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * hiddenPointers lists the JSON pointers of the fields and row columns a record (as the form
 * sends it, after dropHidden) hides, present or not: their errors are dropped, as the server
 * drops them (a field nobody sees is not required, whatever rule requires it).
 */
export function hiddenPointers(vis: Visibility | undefined, data: unknown): Set<string> {
  const out = new Set<string>();
  if (!vis || !isObj(data)) return out;
  for (const [key, cond] of Object.entries(vis.top)) if (!shown(cond, data)) out.add(`/${enc(key)}`);
  for (const [sub, cols] of Object.entries(vis.rows)) {
    const rows = data[sub];
    if (!Array.isArray(rows)) continue;
    rows.forEach((row, i) => {
      if (!isObj(row)) return;
      for (const [col, cond] of Object.entries(cols)) if (!shown(cond, row)) out.add(`/${enc(sub)}/${i}/${enc(col)}`);
    });
  }
  return out;
}

/** The show-when conditions of the root schemas toRjsf built, for the validator (schemaValidator). */
const bySchema = new WeakMap<object, Visibility>();

/** attachVisibility tells the validator which show-when conditions a root schema's form applies. */
export function attachVisibility(schema: object, vis: Visibility): void {
  bySchema.set(schema, vis);
}

/** visibilityOf is what attachVisibility recorded for a root schema. */
export function visibilityOf(schema: object): Visibility | undefined {
  return bySchema.get(schema);
}
