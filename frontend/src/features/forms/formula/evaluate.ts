/**
 * evaluate runs a formula's tree over the values it reads, with the server's operators
 * (builder/form/formula_eval.go): whole-number literals are integers (bigint) until mixed
 * with a number, "/" and "**" always give a number, "%" takes integers, "and"/"or" take
 * booleans, comparing or adding values of different types is an error. An error means the
 * formula has no value, as on the server.
 */
import type { Node } from './parse';
import { formatDate, formatDatetime, wallAt } from './dates';
import { FUNCTIONS, type FormulaEnv, type Value } from './functions';

/** FormulaError is a formula that fails while it runs (a type mismatch, an index out of range). */
export class FormulaError extends Error {}

const fail = (why: string): never => {
  throw new FormulaError(why);
};

const isNum = (v: Value): v is number | bigint => typeof v === 'number' || typeof v === 'bigint';
const INT64 = (x: bigint) => BigInt.asIntN(64, x);

function arith(op: string, a: Value, b: Value): Value {
  if (op === '+' && typeof a === 'string' && typeof b === 'string') return a + b;
  if (!isNum(a) || !isNum(b)) return fail(`${op} needs numbers`);
  if (typeof a === 'bigint' && typeof b === 'bigint') {
    switch (op) {
      case '+':
        return INT64(a + b);
      case '-':
        return INT64(a - b);
      case '*':
        return INT64(a * b);
      case '%':
        if (b === 0n) return fail('integer divide by zero');
        return a % b;
    }
  }
  const x = Number(a);
  const y = Number(b);
  switch (op) {
    case '+':
      return x + y;
    case '-':
      return x - y;
    case '*':
      return x * y;
    case '/':
      return x / y;
    case '**':
    case '^':
      return x ** y;
  }
  return fail(`${op} needs whole numbers`);
}

/** equal is the server's ==: numbers whatever their kind, otherwise the same type and value. */
export function equal(a: Value, b: Value): boolean {
  if (isNum(a) && isNum(b)) return typeof a === typeof b ? a === b : Number(a) === Number(b);
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => typeof x === typeof b[i] && equal(x, b[i]!));
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && equal(a[k]!, b[k]!));
  }
  return a === b;
}

function compare(op: string, a: Value, b: Value): boolean {
  let c: number;
  if (isNum(a) && isNum(b)) {
    const x = typeof a === 'bigint' && typeof b === 'bigint' ? a : Number(a);
    const y = typeof a === 'bigint' && typeof b === 'bigint' ? b : Number(b);
    if (Number.isNaN(x) || Number.isNaN(y)) return false;
    c = x < y ? -1 : x > y ? 1 : 0;
  } else if (typeof a === 'string' && typeof b === 'string') {
    c = a < b ? -1 : a > b ? 1 : 0;
  } else return fail(`${op} needs numbers or texts`);
  switch (op) {
    case '<':
      return c < 0;
    case '>':
      return c > 0;
    case '<=':
      return c <= 0;
    default:
      return c >= 0;
  }
}

function bool(v: Value, what: string): boolean {
  if (typeof v !== 'boolean') fail(`${what} needs a boolean`);
  return v as boolean;
}

function text(v: Value, op: string): string {
  if (typeof v !== 'string') fail(`${op} needs texts`);
  return v as string;
}

function contains(list: Value, v: Value): boolean {
  if (Array.isArray(list)) return list.some((x) => equal(x, v));
  if (list !== null && typeof list === 'object') return typeof v === 'string' && v in list;
  return fail('in needs a list');
}

function indexOf(v: Value, len: number): number {
  if (!isNum(v)) return fail('an index must be a number');
  let i = Number(v);
  if (!Number.isInteger(i)) return fail('an index must be whole');
  if (i < 0) i += len;
  if (i < 0 || i >= len) return fail('index out of range');
  return i;
}

/** Scope resolves the names a formula reads (fields, columns, rows) to values. */
export type Scope = (name: string) => Value | undefined;

/** evaluate computes a formula's tree; zone is the workspace's timezone. */
export function evaluate(node: Node, scope: Scope, env: FormulaEnv, zone: string): Value {
  const run = (n: Node): Value => evaluate(n, scope, env, zone);
  switch (node.kind) {
    case 'num':
      return node.value;
    case 'str':
      return node.value;
    case 'bool':
      return node.value;
    case 'nil':
      return null;
    case 'ident': {
      const v = scope(node.name);
      return v === undefined ? fail(`unknown name ${node.name}`) : v;
    }
    case 'array':
      return node.items.map(run);
    case 'member': {
      const obj = run(node.object);
      if (obj === null) return node.optional ? null : fail('cannot read from nothing');
      const key = run(node.property);
      if (Array.isArray(obj)) return obj[indexOf(key, obj.length)]!;
      if (typeof obj === 'object' && typeof key === 'string') return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key]! : null;
      return fail('cannot read a member of this value');
    }
    case 'slice': {
      const obj = run(node.object);
      if (!Array.isArray(obj)) return fail('only lists can be sliced');
      const bound = (b: Node | undefined, def: number) => {
        if (!b) return def;
        const v = run(b);
        if (!isNum(v)) return fail('a slice bound must be a number');
        let i = Number(v);
        if (i < 0) i += obj.length;
        return Math.max(0, Math.min(obj.length, i));
      };
      const from = bound(node.from, 0);
      const to = bound(node.to, obj.length);
      if (from > to) return fail('bad slice');
      return obj.slice(from, to);
    }
    case 'unary': {
      const v = run(node.operand);
      switch (node.op) {
        case 'not':
        case '!':
          return !bool(v, 'not');
        case '-':
          if (typeof v === 'bigint') return INT64(-v);
          if (typeof v === 'number') return -v;
          return fail('- needs a number');
        default:
          return isNum(v) ? v : fail('+ needs a number');
      }
    }
    case 'cond':
      return bool(run(node.test), '?:') ? run(node.then) : run(node.else);
    case 'binary': {
      const { op } = node;
      if (op === 'and' || op === '&&') return bool(run(node.left), op) ? bool(run(node.right), op) : false;
      if (op === 'or' || op === '||') return bool(run(node.left), op) ? true : bool(run(node.right), op);
      if (op === '??') {
        const l = run(node.left);
        return l !== null ? l : run(node.right);
      }
      const a = run(node.left);
      const b = run(node.right);
      switch (op) {
        case '==':
          return equal(a, b);
        case '!=':
          return !equal(a, b);
        case '<':
        case '>':
        case '<=':
        case '>=':
          return compare(op, a, b);
        case 'in':
          return contains(b, a);
        case 'not in':
          return !contains(b, a);
        case 'contains':
          return text(a, op).includes(text(b, op));
        case 'startsWith':
          return text(a, op).startsWith(text(b, op));
        case 'endsWith':
          return text(a, op).endsWith(text(b, op));
        case '..':
        case 'matches':
          return fail(`${op} is not allowed in formulas`);
        default:
          return arith(op, a, b);
      }
    }
    case 'call': {
      if (node.name === 'TODAY' || node.name === 'NOW') {
        if (node.args.length !== 0) return fail(`${node.name}() takes no arguments`);
        const ms = env.now.getTime();
        return node.name === 'TODAY' ? formatDate(wallAt(ms, zone)) : formatDatetime(ms);
      }
      const f = FUNCTIONS[node.name];
      if (!f) return fail(`unknown function ${node.name}`);
      if (f.arity >= 0 && node.args.length !== f.arity) return fail(`${node.name} takes ${f.arity} arguments`);
      // Every argument is computed, as the server's functions are plain calls (IF included).
      return f.fn(node.args.map(run), env, zone);
    }
  }
}
