import type { JsonSchema } from '../../shared/api/types';

/**
 * Linked defaults (数据联动) while a form is filled: the server answers each linked field's
 * value for the values of the fields its conditions compare (POST …/forms/{form}/linkage);
 * these pure functions say what to ask and what the answer changes.
 */

/** LinkedField is a field whose default comes from a record of a form, and the fields of this form it matches on. */
export interface LinkedField {
  key: string;
  equals: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** linkedFields lists the form's linked fields among those shown (fields). */
export function linkedFields(schema: JsonSchema, fields: string[]): LinkedField[] {
  const props = isObject(schema.properties) ? schema.properties : {};
  const out: LinkedField[] = [];
  for (const key of fields) {
    const prop = props[key];
    const x = isObject(prop) && isObject(prop['x-formloom']) ? prop['x-formloom'] : undefined;
    const linked = x && isObject(x.linked) ? x.linked : undefined;
    if (!linked || !Array.isArray(linked.match)) continue;
    const equals = linked.match.filter(isObject).map((m) => (typeof m.equals === 'string' ? m.equals : '')).filter((k) => k !== '');
    out.push({ key, equals });
  }
  return out;
}

/** linkageInput is what to send: the values of the fields the conditions compare (empty ones as null). */
export function linkageInput(linked: LinkedField[], data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const l of linked) for (const k of l.equals) out[k] = data[k] ?? null;
  return out;
}

/**
 * applyLinkage writes the server's answer into the record being filled: a value fills its
 * field, null empties it (no readable record matches). Fields not answered are left alone.
 * It returns data itself when nothing changes, so that a form does not re-render for nothing.
 */
export function applyLinkage(data: Record<string, unknown>, values: Record<string, unknown>, linked: LinkedField[]): Record<string, unknown> {
  let out = data;
  for (const { key } of linked) {
    if (!(key in values)) continue;
    const v = values[key];
    const same = v === null || v === undefined ? data[key] === undefined : JSON.stringify(data[key]) === JSON.stringify(v);
    if (same) continue;
    if (out === data) out = { ...data };
    if (v === null || v === undefined) delete out[key];
    else out[key] = v;
  }
  return out;
}
