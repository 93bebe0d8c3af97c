/**
 * A field's "show when" condition (the template's ui.fields[key].visibleWhen, a JSON Schema
 * the record must match; the server applies it too — docs/template-format.md) and the
 * condition builder's groups. Pure functions: template → template, and visibleWhen ↔ group.
 * Only the shapes toVisibleWhen writes are read back; anything else is undefined, and the
 * designer shows it as it is, offering to replace it.
 */
import type { Json, JsonObject, Template } from './designer';
import { typedValue, type CondGroup, type CondRule, type ValueKind } from '../query/conditions';

/** The operators a show-when condition can express, per kind of field. */
export const VISIBLE_OPERATORS: Record<ValueKind, string[]> = {
  string: ['eq', 'ne', 'in', 'nin', 'exists'],
  number: ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in', 'nin', 'exists'],
  bool: ['eq', 'ne', 'exists'],
  date: ['eq', 'ne', 'exists'],
  list: ['contains', 'exists'],
};

const BOUNDS: Record<string, string> = { lt: 'exclusiveMaximum', lte: 'maximum', gt: 'exclusiveMinimum', gte: 'minimum' };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isGroup = (x: CondRule | CondGroup): x is CondGroup => Array.isArray((x as CondGroup).rules);

function listOf(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  return String(v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

const on = (field: string, schema: JsonObject, required: boolean): JsonObject =>
  required ? { properties: { [field]: schema }, required: [field] } : { properties: { [field]: schema } };

function ruleSchema(r: CondRule, kind: ValueKind): JsonObject | undefined {
  if (!r.field) return undefined;
  const one = (v: unknown) => typedValue(v, kind === 'list' ? 'string' : kind) as Json;
  switch (r.operator) {
    case 'exists':
      return r.value === false || r.value === 'false' ? { not: { required: [r.field] } } : { required: [r.field] };
    case 'eq':
      return on(r.field, { const: one(r.value) }, true);
    case 'ne':
      return on(r.field, { not: { const: one(r.value) } }, false);
    case 'in':
      return on(r.field, { enum: listOf(r.value).map(one) }, true);
    case 'nin':
      return on(r.field, { not: { enum: listOf(r.value).map(one) } }, false);
    case 'contains':
      return on(r.field, { contains: { const: one(r.value) } }, true);
    default: {
      const bound = BOUNDS[r.operator];
      if (!bound) return undefined;
      return on(r.field, { [bound]: typedValue(r.value, 'number') as Json }, true);
    }
  }
}

/** toVisibleWhen compiles a builder group to a visibleWhen condition; undefined when it holds no rule. */
export function toVisibleWhen(group: CondGroup, kindOf: (field: string) => ValueKind): JsonObject | undefined {
  const parts = group.rules
    .map((r) => (isGroup(r) ? toVisibleWhen(r, kindOf) : ruleSchema(r, kindOf(r.field))))
    .filter((x): x is JsonObject => x !== undefined);
  if (parts.length === 0) return undefined;
  const joined: JsonObject = parts.length === 1 ? parts[0]! : { [group.combinator === 'or' ? 'anyOf' : 'allOf']: parts };
  return group.not ? { not: joined } : joined;
}

const shown = (v: unknown): unknown => (typeof v === 'boolean' ? String(v) : v);
const sameKeys = (o: Record<string, unknown>, keys: string[]) => Object.keys(o).length === keys.length && keys.every((k) => k in o);

function readRule(c: Record<string, unknown>): CondRule | undefined {
  if (sameKeys(c, ['required']) && Array.isArray(c.required) && c.required.length === 1 && typeof c.required[0] === 'string') {
    return { field: c.required[0], operator: 'exists', value: true };
  }
  if (sameKeys(c, ['not']) && isObj(c.not)) {
    const inner = readRule(c.not);
    return inner?.operator === 'exists' && inner.value === true ? { ...inner, value: false } : undefined;
  }
  if (!isObj(c.properties) || Object.keys(c.properties).length !== 1) return undefined;
  const field = Object.keys(c.properties)[0]!;
  const s = c.properties[field];
  if (!isObj(s) || Object.keys(s).length !== 1) return undefined;
  const required = Array.isArray(c.required) && c.required.length === 1 && c.required[0] === field;
  if (!sameKeys(c, required ? ['properties', 'required'] : ['properties'])) return undefined;
  const scalar = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);
  if (required) {
    if ('const' in s && scalar(s.const)) return { field, operator: 'eq', value: shown(s.const) };
    if (Array.isArray(s.enum) && s.enum.every(scalar)) return { field, operator: 'in', value: s.enum.map(String).join(', ') };
    if (isObj(s.contains) && sameKeys(s.contains, ['const']) && scalar(s.contains.const)) return { field, operator: 'contains', value: shown(s.contains.const) };
    for (const [op, kw] of Object.entries(BOUNDS)) if (typeof s[kw] === 'number') return { field, operator: op, value: s[kw] };
    return undefined;
  }
  if (!isObj(s.not) || Object.keys(s.not).length !== 1) return undefined;
  if ('const' in s.not && scalar(s.not.const)) return { field, operator: 'ne', value: shown(s.not.const) };
  if (Array.isArray(s.not.enum) && s.not.enum.every(scalar)) return { field, operator: 'nin', value: s.not.enum.map(String).join(', ') };
  return undefined;
}

function readNode(c: unknown): CondRule | CondGroup | undefined {
  if (!isObj(c)) return undefined;
  for (const [kw, combinator] of [['allOf', 'and'], ['anyOf', 'or']] as const) {
    if (!(kw in c)) continue;
    const list = c[kw];
    if (!sameKeys(c, [kw]) || !Array.isArray(list) || list.length < 2) return undefined;
    const rules = list.map(readNode);
    if (rules.some((r) => r === undefined)) return undefined;
    return { combinator, rules: rules as (CondRule | CondGroup)[] };
  }
  return readRule(c);
}

/**
 * fromVisibleWhen reads a visibleWhen condition into the builder: an empty group when there is
 * none, undefined when it is not a shape the builder writes.
 */
export function fromVisibleWhen(cond: unknown): CondGroup | undefined {
  if (cond === undefined || cond === null) return { combinator: 'and', rules: [] };
  const node = readNode(cond);
  if (!node) return undefined;
  return isGroup(node) ? node : { combinator: 'and', rules: [node] };
}

/** visibleWhenOf is field `key`'s condition in a form (undefined: always shown). */
export function visibleWhenOf(form: JsonObject, key: string): Json | undefined {
  const ui = isObj(form.ui) ? form.ui : {};
  const fields = isObj(ui.fields) ? ui.fields : {};
  const f = fields[key];
  return isObj(f) ? (f.visibleWhen as Json | undefined) : undefined;
}

/** sameJson tells whether two JSON values are equal, whatever the order of object keys. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  }
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && sameJson(a[k], b[k]));
  }
  return a === b;
}

/**
 * withVisibleWhen is the template with field `key` of form `formIndex` shown when cond holds
 * (undefined: always shown; empty ui entries are then removed). A copy; other ui settings are kept;
 * the same template when the condition is unchanged (so showing the builder edits nothing).
 */
export function withVisibleWhen(t: Template, formIndex: number, key: string, cond: Json | undefined): Template {
  const form = t.forms[formIndex];
  if (!form || sameJson(visibleWhenOf(form, key), cond)) return t;
  const ui: JsonObject = isObj(form.ui) ? { ...(form.ui as JsonObject) } : {};
  const fields: JsonObject = isObj(ui.fields) ? { ...(ui.fields as JsonObject) } : {};
  const entry: JsonObject = isObj(fields[key]) ? { ...(fields[key] as JsonObject) } : {};
  if (cond === undefined) delete entry.visibleWhen;
  else entry.visibleWhen = cond;
  if (Object.keys(entry).length > 0) fields[key] = entry;
  else delete fields[key];
  if (Object.keys(fields).length > 0) ui.fields = fields;
  else delete ui.fields;
  const next: JsonObject = { ...form };
  if (Object.keys(ui).length > 0) next.ui = ui;
  else delete next.ui;
  return { ...t, forms: t.forms.map((f, i) => (i === formIndex ? next : f)) };
}
