import type { FormDef } from '../../shared/api/types';
import { anyFieldType } from '../../fields/foreign';

/**
 * copyValues is what 复制 (copy) puts into a new record's form from an existing record: the
 * values of the fields the form lets the member enter (`shown`), as they are — a weekly
 * meeting again with its place, host and attendees. Left out: the values no two records
 * may share (unique fields), files (an upload belongs to one record), the fields that start
 * as the person filling the form (they take the copier) and what the server works out anew
 * (serial numbers, formulas, lookups, which the form does not enter anyway).
 */
export function copyValues(form: FormDef, shown: readonly string[], data: Record<string, unknown>): Record<string, unknown> {
  const props = form.schema.properties ?? {};
  const out: Record<string, unknown> = {};
  for (const k of shown) {
    const prop = props[k];
    const meta = prop?.['x-formloom'];
    const def = anyFieldType(meta?.type);
    if (!prop || meta?.unique || def?.files || def?.computed || def?.expression) continue;
    // A field that starts as who fills the form (申请人, 申请部门) is the copier's, not the original's.
    if (def?.currentDefault && meta?.default === def.currentDefault) continue;
    const v = data[k];
    if (v === undefined || v === null) continue;
    out[k] = structuredClone(v);
  }
  return out;
}
