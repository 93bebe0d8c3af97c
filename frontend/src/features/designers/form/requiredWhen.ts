/**
 * A field's "required when" condition. It is stored as standard JSON Schema on the form, one
 * entry of the schema's allOf per field: {"if": <condition>, "then": {"required": [key]}}, the
 * condition in the shapes the "show when" builder writes (visibleWhen.ts), so the server and the
 * browser's validator enforce it with no Formloom-specific code. Pure functions: template →
 * template. An allOf entry of any other shape is a rule written by hand: it is kept as it is.
 */
import type { Json, JsonObject, Template } from './designer';
import { sameJson } from './visibleWhen';

const isObj = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** isEntryOf tells whether an allOf entry is field key's "required when": {if, then: {required: [key]}}. */
function isEntryOf(e: unknown, key: string): e is JsonObject {
  if (!isObj(e) || Object.keys(e).length !== 2 || !('if' in e) || !isObj(e.then)) return false;
  const then = e.then;
  return Object.keys(then).length === 1 && Array.isArray(then.required) && then.required.length === 1 && then.required[0] === key;
}

const schemaOf = (form: JsonObject | undefined): JsonObject => (form && isObj(form.schema) ? form.schema : {});
const allOfOf = (schema: JsonObject): Json[] => (Array.isArray(schema.allOf) ? schema.allOf : []);

/** requiredWhenOf is field key's "required when" condition in a form (undefined: none). */
export function requiredWhenOf(form: JsonObject | undefined, key: string): Json | undefined {
  const entry = allOfOf(schemaOf(form)).find((e) => isEntryOf(e, key));
  return entry ? (entry as JsonObject).if : undefined;
}

/**
 * otherRequiredRules lists the form-level conditionals, other than field key's own entry, that
 * can make it required (a top-level if/then, an allOf entry of another shape, dependentRequired):
 * the designer shows them read-only, so nobody wonders why a field turns required.
 */
export function otherRequiredRules(form: JsonObject | undefined, key: string): Json[] {
  const schema = schemaOf(form);
  const mentions = (v: unknown): boolean => {
    if (Array.isArray(v)) return v.some(mentions);
    if (!isObj(v)) return false;
    if (Array.isArray(v.required) && v.required.includes(key)) return true;
    return Object.entries(v).some(([k, x]) => k !== 'properties' && k !== 'if' && mentions(x));
  };
  const out: Json[] = [];
  if ('if' in schema && (mentions(schema.then) || mentions(schema.else))) {
    const top: JsonObject = { if: schema.if as Json };
    if ('then' in schema) top.then = schema.then as Json;
    if ('else' in schema) top.else = schema.else as Json;
    out.push(top);
  }
  for (const e of allOfOf(schema)) if (!isEntryOf(e, key) && mentions(e)) out.push(e);
  if (isObj(schema.dependentRequired)) {
    for (const [on, list] of Object.entries(schema.dependentRequired)) {
      if (Array.isArray(list) && list.includes(key)) out.push({ dependentRequired: { [on]: list } });
    }
  }
  return out;
}

function withSchema(t: Template, formIndex: number, f: (schema: JsonObject) => JsonObject): Template {
  const form = t.forms[formIndex];
  if (!form) return t;
  const schema = schemaOf(form);
  const next = f(schema);
  if (next === schema) return t;
  return { ...t, forms: t.forms.map((x, i) => (i === formIndex ? { ...form, schema: next } : x)) };
}

function withAllOf(schema: JsonObject, list: Json[]): JsonObject {
  const next: JsonObject = { ...schema };
  if (list.length > 0) next.allOf = list;
  else delete next.allOf;
  return next;
}

/**
 * withRequiredWhen is the template with field key of form formIndex required when cond holds
 * (undefined: the entry is removed, and allOf with it when it is left empty). The entry keeps its
 * place in allOf; a new one goes last. The same template when nothing changes.
 */
export function withRequiredWhen(t: Template, formIndex: number, key: string, cond: Json | undefined): Template {
  return withSchema(t, formIndex, (schema) => {
    const list = allOfOf(schema);
    const at = list.findIndex((e) => isEntryOf(e, key));
    if (at < 0 && cond === undefined) return schema;
    if (at >= 0 && cond !== undefined && sameJson((list[at] as JsonObject).if, cond)) return schema;
    const entry: JsonObject = { if: cond as Json, then: { required: [key] } };
    if (cond === undefined) return withAllOf(schema, list.filter((_, i) => i !== at));
    return withAllOf(schema, at < 0 ? [...list, entry] : list.map((e, i) => (i === at ? entry : e)));
  });
}

/** withoutRequiredWhen drops field key's "required when" entry (when the field is removed). */
export function withoutRequiredWhen(t: Template, formIndex: number, key: string): Template {
  return withRequiredWhen(t, formIndex, key, undefined);
}

/**
 * renameInCondition renames field from to to in a condition of the builder's shapes
 * (properties keys and required lists, through allOf/anyOf/not). A copy.
 */
export function renameInCondition(cond: Json, from: string, to: string): Json {
  if (Array.isArray(cond)) return cond.map((c) => renameInCondition(c, from, to));
  if (!isObj(cond)) return cond;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(cond)) {
    if (k === 'properties' && isObj(v)) out[k] = Object.fromEntries(Object.entries(v).map(([p, s]) => [p === from ? to : p, s]));
    else if (k === 'required' && Array.isArray(v)) out[k] = v.map((x) => (x === from ? to : x));
    else if (k === 'allOf' || k === 'anyOf' || k === 'not') out[k] = renameInCondition(v, from, to);
    else out[k] = v;
  }
  return out;
}

/**
 * renameInRequiredWhen follows a field's new key in every "required when" entry of the form:
 * the entry of the renamed field, and the conditions of other fields that test it.
 */
export function renameInRequiredWhen(t: Template, formIndex: number, from: string, to: string): Template {
  if (from === to) return t;
  return withSchema(t, formIndex, (schema) => {
    const list = allOfOf(schema);
    if (list.length === 0) return schema;
    const next = list.map((e) => {
      if (!isObj(e) || !isObj(e.then) || !('if' in e) || Object.keys(e).length !== 2) return e;
      const then = e.then;
      if (Object.keys(then).length !== 1 || !Array.isArray(then.required) || then.required.length !== 1) return e;
      const target = then.required[0] === from ? to : then.required[0]!;
      return { if: renameInCondition(e.if as Json, from, to), then: { required: [target] } };
    });
    return sameJson(next, list) ? schema : withAllOf(schema, next);
  });
}
