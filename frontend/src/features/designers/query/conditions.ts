/**
 * Conditions as the admin builds them (react-querybuilder's rule groups) and the two shapes
 * the template stores them in: filters of the query language (views, widgets, permission
 * scopes: docs/query-language.md) and boolean expressions of the formula language
 * (automation triggers). Pure functions, so both directions are unit-tested.
 */

/** A rule of the builder; the operator names are the query language's. */
export interface CondRule {
  id?: string;
  field: string;
  operator: string;
  value: unknown;
}

/** A group of the builder: and/or over rules and groups, optionally negated. */
export interface CondGroup {
  id?: string;
  combinator: string;
  not?: boolean;
  rules: (CondRule | CondGroup)[];
}

/** The kinds of value a field holds, which decide operators and how a typed value is read. */
export type ValueKind = 'string' | 'number' | 'bool' | 'date' | 'list';

export const OPERATORS: Record<ValueKind, string[]> = {
  string: ['eq', 'ne', 'in', 'nin', 'contains', 'startsWith', 'exists'],
  number: ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in', 'nin', 'exists'],
  bool: ['eq', 'ne', 'exists'],
  date: ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'exists'],
  list: ['eq', 'ne', 'in', 'nin', 'contains', 'exists'],
};

/** Parameters a filter may name instead of a value; the builder writes them as "@name". */
export const PARAMS = ['currentUser', 'currentDepartments', 'today', 'now'] as const;

export type QueryFilter = Record<string, unknown>;

export const emptyGroup = (): CondGroup => ({ combinator: 'and', rules: [] });

function isGroup(x: CondRule | CondGroup): x is CondGroup {
  return Array.isArray((x as CondGroup).rules);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** typedValue reads the builder's value (often text) as the field's kind. */
export function typedValue(v: unknown, kind: ValueKind): unknown {
  if (kind === 'number') {
    if (typeof v === 'number') return v;
    const n = Number(String(v ?? '').trim());
    return Number.isFinite(n) && String(v ?? '').trim() !== '' ? n : v;
  }
  if (kind === 'bool') {
    if (typeof v === 'boolean') return v;
    return v === 'true' ? true : v === 'false' ? false : v;
  }
  return v;
}

function listOf(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  return String(v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function paramOf(v: unknown): string | undefined {
  if (typeof v !== 'string' || !v.startsWith('@')) return undefined;
  const name = v.slice(1);
  return (PARAMS as readonly string[]).includes(name) ? name : undefined;
}

/**
 * toFilter compiles a builder group to a query-language filter; undefined when it holds no
 * rule (no filter at all). kindOf tells each field's kind so numbers are sent as numbers.
 */
export function toFilter(group: CondGroup, kindOf: (field: string) => ValueKind): QueryFilter | undefined {
  const parts = group.rules
    .map((r): QueryFilter | undefined => {
      if (isGroup(r)) return toFilter(r, kindOf);
      if (!r.field) return undefined;
      const kind = kindOf(r.field);
      const node: QueryFilter = { field: r.field, op: r.operator };
      const param = paramOf(r.value);
      if (r.operator === 'exists') node.value = r.value === false || r.value === 'false' ? false : true;
      else if (param) node.param = param;
      else if (r.operator === 'in' || r.operator === 'nin') node.value = listOf(r.value).map((v) => typedValue(v, kind === 'list' ? 'string' : kind));
      else node.value = typedValue(r.value, kind === 'list' ? 'string' : kind);
      return node;
    })
    .filter((x): x is QueryFilter => x !== undefined);
  if (parts.length === 0) return undefined;
  const joined: QueryFilter = parts.length === 1 ? parts[0]! : { [group.combinator === 'or' ? 'or' : 'and']: parts };
  return group.not ? { not: joined } : joined;
}

/** fromFilter reads a stored filter back into the builder (the inverse of toFilter). */
export function fromFilter(filter: unknown): CondGroup {
  if (!isObject(filter) || Object.keys(filter).length === 0) return emptyGroup();
  const node = readNode(filter);
  return isGroup(node) ? node : { combinator: 'and', rules: [node] };
}

function readNode(f: Record<string, unknown>): CondRule | CondGroup {
  if (Array.isArray(f.and) || Array.isArray(f.or)) {
    const combinator = Array.isArray(f.and) ? 'and' : 'or';
    const list = (f[combinator] as unknown[]).filter(isObject);
    return { combinator, rules: list.map(readNode) };
  }
  if (isObject(f.not)) {
    const inner = readNode(f.not);
    return isGroup(inner) ? { ...inner, not: !inner.not } : { combinator: 'and', not: true, rules: [inner] };
  }
  const value = typeof f.param === 'string' ? `@${f.param}` : Array.isArray(f.value) ? f.value.map(String).join(', ') : f.value;
  return { field: String(f.field ?? ''), operator: String(f.op ?? 'eq'), value };
}

// ---- expressions (automation conditions) ----

const EXPR_OPS: Record<string, string> = { eq: '==', ne: '!=', lt: '<', lte: '<=', gt: '>', gte: '>=' };

/** The clock parameters of a date rule and the formula functions that read them when the automation runs. */
const CLOCK: Record<string, string> = { '@today': 'TODAY()', '@now': 'NOW()' };

function literal(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(String(v ?? ''));
}

/** toExpression compiles a builder group to a formula-language condition; "" when empty. */
export function toExpression(group: CondGroup, kindOf: (field: string) => ValueKind): string {
  const parts = group.rules
    .map((r): string => {
      if (isGroup(r)) {
        const inner = toExpression(r, kindOf);
        return inner && (r.rules.length > 1 || r.not) ? `(${inner})` : inner;
      }
      if (!r.field) return '';
      const kind = kindOf(r.field);
      const one = (v: unknown) => (kind === 'date' ? CLOCK[String(v)] : undefined) ?? literal(typedValue(v, kind === 'list' ? 'string' : kind));
      // A text or date field that holds nothing reads as "" in a condition, never as nil
      // (the server fills blanks in), so its presence is tested against "".
      const blank = kind === 'string' || kind === 'date' ? '""' : 'nil';
      switch (r.operator) {
        case 'in':
          return `${r.field} in [${listOf(r.value).map(one).join(', ')}]`;
        case 'nin':
          return `${r.field} not in [${listOf(r.value).map(one).join(', ')}]`;
        case 'contains':
          return `${r.field} contains ${one(r.value)}`;
        case 'startsWith':
          return `${r.field} startsWith ${one(r.value)}`;
        case 'exists':
          return r.value === false || r.value === 'false' ? `${r.field} == ${blank}` : `${r.field} != ${blank}`;
        default:
          return `${r.field} ${EXPR_OPS[r.operator] ?? '=='} ${one(r.value)}`;
      }
    })
    .filter((s) => s !== '');
  if (parts.length === 0) return '';
  const joined = parts.join(group.combinator === 'or' ? ' || ' : ' && ');
  return group.not ? `!(${joined})` : joined;
}

const FIELD = '([a-zA-Z_][a-zA-Z0-9_.]*)';
const LIT = '("(?:[^"\\\\]|\\\\.)*"|-?[0-9]+(?:\\.[0-9]+)?|true|false|TODAY\\(\\)|NOW\\(\\))';
const COMPARISON = new RegExp(`^${FIELD} (==|!=|<=|>=|<|>|contains|startsWith) ${LIT}$`);
const MEMBERSHIP = new RegExp(`^${FIELD} (in|not in) \\[(.*)\\]$`);
const PRESENCE = new RegExp(`^${FIELD} (==|!=) (nil|"")$`);

function readLiteral(s: string): unknown {
  const clock = Object.entries(CLOCK).find(([, fn]) => fn === s);
  return clock ? clock[0] : (JSON.parse(s) as unknown);
}

/**
 * fromExpression reads a condition the builder wrote (comparisons joined by one of && or ||)
 * back into the builder; undefined for any other expression, which the designer then shows
 * as it is, offering to replace it.
 */
export function fromExpression(expr: string): CondGroup | undefined {
  const e = expr.trim();
  if (e === '') return emptyGroup();
  const hasAnd = e.includes(' && ');
  const hasOr = e.includes(' || ');
  if (hasAnd && hasOr) return undefined;
  const combinator = hasOr ? 'or' : 'and';
  const rules: CondRule[] = [];
  for (const part of e.split(hasOr ? ' || ' : ' && ')) {
    const p = part.trim();
    let m = PRESENCE.exec(p);
    if (m) {
      rules.push({ field: m[1]!, operator: 'exists', value: m[2] === '!=' });
      continue;
    }
    m = COMPARISON.exec(p);
    if (m) {
      const op = Object.entries(EXPR_OPS).find(([, v]) => v === m![2])?.[0] ?? m[2]!;
      rules.push({ field: m[1]!, operator: op, value: readLiteral(m[3]!) });
      continue;
    }
    m = MEMBERSHIP.exec(p);
    if (m) {
      try {
        const items = JSON.parse(`[${m[3]}]`) as unknown[];
        rules.push({ field: m[1]!, operator: m[2] === 'in' ? 'in' : 'nin', value: items.map(String).join(', ') });
        continue;
      } catch {
        return undefined;
      }
    }
    return undefined;
  }
  return { combinator, rules };
}
