/**
 * computeFormulas fills a record's formula fields in the browser as the server does when the
 * record is written (builder/form/formula_eval.go): row formulas for each sub-form row, form
 * formulas once, in dependency order; missing inputs read as 0, "", false or no rows; a
 * formula that fails has no value; results are rounded to the field's precision (else to 15
 * significant digits) and typed as the field. So the values shown as people type, and the
 * show-when and required-when conditions that test them, agree with the server.
 */
import type { JsonSchema } from '../../../shared/api/types';
import { evaluate, type Scope } from './evaluate';
import { concatText, NeedsServer, roundTo, toNumber, type FormulaEnv, type Value } from './functions';
import { parseFormula, type Node } from './parse';
import { fieldType } from '../../../fields/registry';

type Kind = 'number' | 'string' | 'date' | 'datetime' | 'bool' | 'array' | 'other';

interface Formula {
  key: string;
  /** The sub-form whose rows hold it; undefined at the form level. */
  sub?: string;
  tree?: Node;
  kind: Kind;
  precision: number;
  deps: string[];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function kindOf(prop: JsonSchema | undefined): Kind {
  switch (prop?.type) {
    case 'number':
    case 'integer':
      return 'number';
    case 'boolean':
      return 'bool';
    case 'array':
      return 'array';
    case 'string':
      return prop.format === 'date' ? 'date' : prop.format === 'date-time' ? 'datetime' : 'string';
  }
  return 'other';
}

/** valueFor is what a formula reads for a field's value: missing numbers are 0, texts "", … */
function valueFor(v: unknown, k: Kind): Value {
  switch (k) {
    case 'number':
      return typeof v === 'number' ? v : 0;
    case 'string':
    case 'date':
    case 'datetime':
      return typeof v === 'string' ? v : '';
    case 'bool':
      return typeof v === 'boolean' ? v : false;
    case 'array':
      return Array.isArray(v) ? (v as Value[]) : [];
  }
  return v === undefined ? null : (v as Value);
}

/** roundSignificant keeps 15 significant digits, so that 0.1 + 0.2 is 0.3. */
function roundSignificant(n: number): number {
  if (n === Math.trunc(n) && Math.abs(n) < 1e15) return n;
  return Number(n.toPrecision(15));
}

function resultValue(out: Value, f: Formula): Value {
  switch (f.kind) {
    case 'number': {
      const n = toNumber(out);
      if (n === undefined || !Number.isFinite(n)) return null;
      return f.precision >= 0 ? roundTo(n, f.precision) : roundSignificant(n);
    }
    case 'bool':
      return typeof out === 'boolean' ? out : null;
    case 'string':
    case 'date':
    case 'datetime':
      if (typeof out === 'string') return out === '' && f.kind !== 'string' ? null : out;
      if (out === null || f.kind !== 'string') return null;
      return concatText(out);
  }
  return out;
}

/** rewrite turns items.col (form level) and parent.key (in rows) into names, as the server does. */
function rewrite(n: Node, subs: Set<string>, inRow: boolean, names: Set<string>): Node {
  const r = (x: Node) => rewrite(x, subs, inRow, names);
  switch (n.kind) {
    case 'ident':
      names.add(n.name);
      return n;
    case 'member':
      if (n.object.kind === 'ident' && n.property.kind === 'str' && (inRow ? n.object.name === 'parent' : subs.has(n.object.name))) {
        const name = `${n.object.name}.${n.property.value}`;
        names.add(name);
        return { kind: 'ident', name };
      }
      return { ...n, object: r(n.object), property: r(n.property) };
    case 'slice':
      return { ...n, object: r(n.object), from: n.from && r(n.from), to: n.to && r(n.to) };
    case 'array':
      return { ...n, items: n.items.map(r) };
    case 'unary':
      return { ...n, operand: r(n.operand) };
    case 'binary':
      return { ...n, left: r(n.left), right: r(n.right) };
    case 'cond':
      return { ...n, test: r(n.test), then: r(n.then), else: r(n.else) };
    case 'call':
      return { ...n, args: n.args.map(r) };
  }
  return n;
}

/** A form's formulas, read once per schema. */
export interface Formulas {
  schema: JsonSchema;
  list: Formula[];
  /** Formula paths ("total", "items.amount") that could not be read. */
  unreadable: string[];
}

const cache = new WeakMap<object, Formulas>();

function formulaOf(key: string, prop: JsonSchema, sub: string | undefined, subs: Set<string>, unreadable: string[]): Formula | undefined {
  const meta = prop['x-formloom'] as Record<string, unknown> | undefined;
  if (!fieldType(meta?.type as string | undefined)?.expression || typeof meta?.expr !== 'string') return undefined;
  const kind = kindOf(prop);
  const precision = prop.type === 'integer' ? 0 : typeof meta.precision === 'number' ? meta.precision : -1;
  const names = new Set<string>();
  let tree: Node | undefined;
  try {
    tree = rewrite(parseFormula(meta.expr), subs, sub !== undefined, names);
  } catch {
    unreadable.push(sub ? `${sub}.${key}` : key);
  }
  return { key, sub, tree, kind, precision, deps: [...names] };
}

/** readFormulas finds a form's formula fields and sub-form formula columns. */
export function readFormulas(schema: JsonSchema): Formulas {
  const hit = cache.get(schema);
  if (hit) return hit;
  const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const subs = new Set(Object.keys(props).filter((k) => fieldType((props[k]!['x-formloom'] as { type?: string } | undefined)?.type)?.rows));
  const list: Formula[] = [];
  const unreadable: string[] = [];
  for (const [key, prop] of Object.entries(props)) {
    const f = formulaOf(key, prop, undefined, subs, unreadable);
    if (f) list.push(f);
    if (subs.has(key) && isObj(prop.items) && isObj((prop.items as JsonSchema).properties)) {
      for (const [col, c] of Object.entries((prop.items as JsonSchema).properties as Record<string, JsonSchema>)) {
        const rf = formulaOf(col, c, key, subs, unreadable);
        if (rf) list.push(rf);
      }
    }
  }
  // A formula over a lookup (filled by the server) or over such a formula is the server's alone.
  const isLookup = (p: JsonSchema | undefined) => fieldType((p?.['x-formloom'] as { type?: string } | undefined)?.type)?.copied === true;
  const ordered = order(list, subs);
  const serverOnly = new Set<string>();
  const pathOf = (f: Formula) => (f.sub ? `${f.sub}.${f.key}` : f.key);
  for (const f of ordered) {
    const rowProps = f.sub ? (((props[f.sub]!.items as JsonSchema).properties ?? {}) as Record<string, JsonSchema>) : {};
    const reads = f.deps.some((name) => {
      if (f.sub) {
        const top = name.startsWith('parent.') ? name.slice('parent.'.length) : undefined;
        return top !== undefined ? isLookup(props[top]) || serverOnly.has(top) : isLookup(rowProps[name]) || serverOnly.has(`${f.sub}.${name}`);
      }
      if (isLookup(props[name]) || serverOnly.has(name)) return true;
      const [sub, col] = name.split('.');
      const cols = sub && subs.has(sub) ? (((props[sub]!.items as JsonSchema | undefined)?.properties ?? {}) as Record<string, JsonSchema>) : {};
      if (col !== undefined) return isLookup(cols[col]) || serverOnly.has(name);
      return subs.has(name) && Object.keys(cols).some((c) => isLookup(cols[c]) || serverOnly.has(`${name}.${c}`));
    });
    if (reads) {
      serverOnly.add(pathOf(f));
      f.tree = undefined;
    }
  }
  const out = { schema, list: ordered, unreadable: [...unreadable, ...serverOnly] };
  cache.set(schema, out);
  return out;
}

/** order puts formulas after the formulas they read (schema order otherwise), as the server does. */
function order(list: Formula[], subs: Set<string>): Formula[] {
  const byPath = new Map(list.map((f) => [f.sub ? `${f.sub}.${f.key}` : f.key, f]));
  const depsOf = (f: Formula): Formula[] => {
    const out: Formula[] = [];
    for (const name of f.deps) {
      if (f.sub) {
        const target = name.startsWith('parent.') ? byPath.get(name.slice('parent.'.length)) : byPath.get(`${f.sub}.${name}`);
        if (target) out.push(target);
        continue;
      }
      if (subs.has(name)) out.push(...list.filter((x) => x.sub === name));
      else {
        const target = byPath.get(name);
        if (target) out.push(target);
      }
    }
    return out;
  };
  const done = new Set<Formula>();
  const visiting = new Set<Formula>();
  const out: Formula[] = [];
  const visit = (f: Formula) => {
    if (done.has(f) || visiting.has(f)) return;
    visiting.add(f);
    for (const d of depsOf(f)) visit(d);
    visiting.delete(f);
    done.add(f);
    out.push(f);
  };
  list.forEach(visit);
  return out;
}

/** The outcome: the record with its formula values, and the formulas only the server can compute here. */
export interface Computed {
  record: Record<string, unknown>;
  /** Paths ("total", "items.days") of formulas left to the server (no calendar, unreadable). */
  serverOnly: string[];
}

/**
 * computeFormulas returns a copy of record with its formula fields computed (a formula with no
 * value leaves its field out). The record itself is not changed.
 */
export function computeFormulas(schema: JsonSchema, record: Record<string, unknown>, env: FormulaEnv): Computed {
  const { list, unreadable } = readFormulas(schema);
  if (list.length === 0) return { record, serverOnly: [] };
  const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const rec: Record<string, unknown> = { ...record };
  for (const sub of new Set(list.filter((f) => f.sub).map((f) => f.sub!))) {
    if (Array.isArray(rec[sub])) rec[sub] = (rec[sub] as unknown[]).map((r) => (isObj(r) ? { ...r } : r));
  }
  const zone = env.timeZone ?? 'UTC';
  const serverOnly = new Set(unreadable);
  const colKind = (sub: string, col: string) => kindOf(((props[sub]?.items as JsonSchema | undefined)?.properties as Record<string, JsonSchema> | undefined)?.[col]);
  const run = (f: Formula, obj: Record<string, unknown>, scope: Scope, path: string) => {
    let out: Value;
    try {
      if (!f.tree) throw new NeedsServer('unreadable');
      out = resultValue(evaluate(f.tree, scope, env, zone), f);
    } catch (err) {
      if (err instanceof NeedsServer) serverOnly.add(path);
      out = null;
    }
    if (out === null) delete obj[f.key];
    else obj[f.key] = out;
  };
  for (const f of list) {
    if (!f.sub) {
      const scope: Scope = (name) => {
        const dot = name.indexOf('.');
        if (dot > 0) {
          const sub = name.slice(0, dot);
          const col = name.slice(dot + 1);
          const rows = Array.isArray(rec[sub]) ? (rec[sub] as unknown[]) : [];
          return rows.map((r) => valueFor(isObj(r) ? r[col] : undefined, colKind(sub, col)));
        }
        if (!(name in props)) return undefined;
        return valueFor(rec[name], props[name]!['x-formloom'] && fieldType((props[name]!['x-formloom'] as { type?: string }).type)?.rows ? 'array' : kindOf(props[name]));
      };
      run(f, rec, scope, f.key);
      continue;
    }
    const rows = rec[f.sub];
    if (!Array.isArray(rows)) continue;
    for (const r of rows) {
      if (!isObj(r)) continue;
      const scope: Scope = (name) => {
        if (name.startsWith('parent.')) {
          const key = name.slice('parent.'.length);
          return key in props ? valueFor(rec[key], kindOf(props[key])) : undefined;
        }
        const cols = ((props[f.sub!]!.items as JsonSchema).properties ?? {}) as Record<string, JsonSchema>;
        return name in cols ? valueFor(r[name], kindOf(cols[name])) : undefined;
      };
      run(f, r, scope, `${f.sub}.${f.key}`);
    }
  }
  return { record: rec, serverOnly: [...serverOnly] };
}

/** withoutFormulas is the record without its formula values (the server computes them and refuses them from clients). */
export function withoutFormulas(schema: JsonSchema | undefined, record: Record<string, unknown>): Record<string, unknown> {
  if (!schema) return record;
  const { list } = readFormulas(schema);
  if (list.length === 0) return record;
  const out: Record<string, unknown> = { ...record };
  for (const f of list) {
    if (!f.sub) {
      delete out[f.key];
      continue;
    }
    const rows = out[f.sub];
    if (!Array.isArray(rows)) continue;
    out[f.sub] = rows.map((r) => {
      if (!isObj(r) || !(f.key in r)) return r;
      const { [f.key]: _dropped, ...rest } = r;
      return rest;
    });
  }
  return out;
}
