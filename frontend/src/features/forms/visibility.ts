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
      for (const [col, cond] of Object.entries(cols)) {
        if (col in r && !shown(cond, row)) {
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
