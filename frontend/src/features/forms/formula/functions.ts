/**
 * The formula functions (builder/form/formula_funcs.go and formula_workdays.go), with the
 * server's meaning: missing or wrong-typed arguments give no value (null) rather than an error,
 * numbers inside lists count, ROUND rounds half away from zero on the decimal text.
 */
import { addDays, daysIn, formatDate, formatDatetime, instantOf, isoWeekday, parseWhen, utcOf, type Wall } from './dates';

/** A value of the formula language: numbers (bigint for whole-number literals), text, booleans, null, lists, rows. */
export type Value = number | bigint | string | boolean | null | Value[] | { [k: string]: Value };

/** WorkCalendar is the workspace's business calendar (GET …/calendar): weekdays 1–7, holidays and 调休 dates. */
export interface WorkCalendar {
  workdays?: number[];
  holidays?: string[];
  extraWorkdays?: string[];
}

/** FormulaEnv is what formulas read besides the record: the clock, the timezone, the calendar. */
export interface FormulaEnv {
  now: Date;
  /** The workspace's IANA timezone; UTC when absent. */
  timeZone?: string;
  /** The business calendar; null: Monday to Friday. Undefined: unknown, so NETWORKDAYS and WORKDAY cannot be computed here. */
  calendar?: WorkCalendar | null;
}

/** NeedsServer is thrown by a function the browser cannot compute (no calendar). */
export class NeedsServer extends Error {}

/** toNumber reads a number; undefined for anything else. */
export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  return undefined;
}

function numbers(params: Value[], each: (n: number) => void): void {
  for (const p of params) {
    if (Array.isArray(p)) {
      for (const x of p) {
        const n = toNumber(x);
        if (n !== undefined) each(n);
      }
      continue;
    }
    const n = toNumber(p);
    if (n !== undefined) each(n);
  }
}

/** hasPrecision: n has at most d decimals, up to float noise (builder/form/check.go). */
function hasPrecision(n: number, d: number): boolean {
  if (n === Math.trunc(n)) return true;
  const x = n * 10 ** d;
  if (Math.abs(x) > 2 ** 52) return true;
  return Math.abs(x - goRound(x)) <= 1e-9 * Math.max(1, Math.abs(x));
}

/** goRound rounds half away from zero, as Go's math.Round. */
function goRound(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}

/** plainText writes a number as Go's FormatFloat(n, 'f', -1, 64): shortest digits, never an exponent. */
export function plainText(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? '+Inf' : '-Inf';
  const s = String(n);
  const e = s.indexOf('e');
  if (e < 0) return s;
  const neg = s.startsWith('-');
  const [int, frac = ''] = s.slice(neg ? 1 : 0, e).split('.');
  const digits = int! + frac;
  const exp = Number(s.slice(e + 1)) - frac.length;
  let out: string;
  if (exp >= 0) out = digits + '0'.repeat(exp);
  else {
    const at = digits.length + exp;
    out = at > 0 ? `${digits.slice(0, at)}.${digits.slice(at)}` : `0.${'0'.repeat(-at)}${digits}`;
  }
  return neg ? `-${out}` : out;
}

/** roundTo rounds half away from zero to d decimals, on the decimal text (1.005 → 1.01). */
export function roundTo(x: number, d: number): number {
  if (!Number.isFinite(x)) return x;
  if (d < 0) {
    const p = 10 ** -d;
    return goRound(x / p) * p;
  }
  if (hasPrecision(x, d)) {
    const p = 10 ** d;
    return goRound(x * p) / p;
  }
  const s = plainText(x);
  const dot = s.indexOf('.');
  if (dot < 0 || s.length - dot - 1 <= d) return x;
  const p = 10 ** d;
  let r = goRound(x * p);
  const digit = s[dot + 1 + d]!;
  if (digit >= '5' && Math.abs(r) < Math.abs(x * p)) r += Math.sign(x) || 1;
  return r / p;
}

function writeText(v: Value): string {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map(writeText).join(', ');
  const n = toNumber(v);
  return n === undefined ? '' : plainText(n);
}

/** concatText is CONCAT of one value (how a formula's non-text result becomes a text field's value). */
export function concatText(v: Value): string {
  return writeText(v);
}

// Go's simple case mapping changes one character into one. Where JavaScript gives several,
// lower case keeps the first (İ → i) and upper case keeps the character (ß stays ß), as
// Unicode's simple mappings do.
function mapCase(s: string, f: (c: string) => string, firstOfMany: boolean): string {
  let out = '';
  for (const c of s) {
    const m = [...f(c)];
    out += m.length === 1 ? m[0] : firstOfMany ? m[0] : c;
  }
  return out;
}

function clockMs(w: Wall): number {
  return ((w.h * 60 + w.mi) * 60 + w.s) * 1000 + w.ms;
}

function dateDif(a0: Value, b0: Value, unit: Value, zone: string): Value {
  let a = parseWhen(a0, zone);
  let b = parseWhen(b0, zone);
  if (!a || !b) return null;
  let sign = 1;
  if (b.ms < a.ms) {
    [a, b] = [b, a];
    sign = -1;
  }
  const aw = a.wall;
  const bw = b.wall;
  switch (unit) {
    case 'd':
      return sign * Math.trunc((Date.UTC(bw.y, bw.m - 1, bw.d) - Date.UTC(aw.y, aw.m - 1, aw.d)) / 86_400_000);
    case 'm':
    case 'y': {
      let months = (bw.y - aw.y) * 12 + (bw.m - aw.m);
      if (bw.d < aw.d || (bw.d === aw.d && clockMs(bw) < clockMs(aw))) months--;
      return unit === 'y' ? sign * Math.trunc(months / 12) : sign * months;
    }
  }
  return null;
}

function addMonths(w: Wall, k: number): Wall {
  const total = w.y * 12 + (w.m - 1) + k;
  const y = Math.floor(total / 12);
  const m = total - y * 12 + 1;
  return { ...w, y, m, d: Math.min(w.d, daysIn(y, m)) };
}

function dateAdd(v: Value, n0: Value, unit: Value, zone: string): Value {
  const t = parseWhen(v, zone);
  const n = toNumber(n0);
  if (!t || n === undefined || !(Math.abs(n) <= 100000)) return null;
  const k = Math.trunc(n);
  let w: Wall;
  switch (unit) {
    case 'd':
      w = addDays(t.wall, k);
      break;
    case 'm':
      w = addMonths(t.wall, k);
      break;
    case 'y':
      w = addMonths(t.wall, 12 * k);
      break;
    default:
      return null;
  }
  return t.isDate ? formatDate(w) : formatDatetime(instantOf(w, zone));
}

const MAX_WORKDAY_SPAN = 10000;

function workingDay(cal: WorkCalendar | null, w: Wall): boolean {
  const date = formatDate(w);
  if (cal?.extraWorkdays?.includes(date)) return true;
  if (cal?.holidays?.includes(date)) return false;
  const days = cal?.workdays && cal.workdays.length > 0 ? cal.workdays : [1, 2, 3, 4, 5];
  return days.includes(isoWeekday(w));
}

function calendarOf(env: FormulaEnv): WorkCalendar | null {
  if (env.calendar === undefined) throw new NeedsServer('NETWORKDAYS and WORKDAY need the workspace calendar');
  return env.calendar;
}

const midnight = (w: Wall): Wall => ({ ...w, h: 0, mi: 0, s: 0, ms: 0 });

function networkDays(a0: Value, b0: Value, env: FormulaEnv, zone: string): Value {
  const cal = calendarOf(env);
  const a = parseWhen(a0, zone);
  const b = parseWhen(b0, zone);
  if (!a || !b) return null;
  let from = midnight(a.wall);
  let to = midnight(b.wall);
  let sign = 1;
  if (utcOf(to) < utcOf(from)) {
    [from, to] = [to, from];
    sign = -1;
  }
  let n = 0;
  for (let i = 0; utcOf(from) <= utcOf(to); i++) {
    if (i > MAX_WORKDAY_SPAN) return null;
    if (workingDay(cal, from)) n++;
    from = addDays(from, 1);
  }
  return sign * n;
}

function workday(v: Value, n0: Value, env: FormulaEnv, zone: string): Value {
  const cal = calendarOf(env);
  const t = parseWhen(v, zone);
  const n = toNumber(n0);
  if (!t || n === undefined || Number.isNaN(n) || Math.abs(n) > MAX_WORKDAY_SPAN) return null;
  let w = midnight(t.wall);
  let left = Math.trunc(n);
  let step = 1;
  if (left < 0) {
    step = -1;
    left = -left;
  }
  for (let i = 0; left > 0; i++) {
    if (i > 2 * MAX_WORKDAY_SPAN) return null;
    w = addDays(w, step);
    if (workingDay(cal, w)) left--;
  }
  return formatDate(w);
}


type Fn = (args: Value[], env: FormulaEnv, zone: string) => Value;

const first = (args: Value[]) => args[0] ?? null;

/** FUNCTIONS are the formula functions by name, each with its number of arguments (-1: any). */
export const FUNCTIONS: Record<string, { arity: number; fn: Fn }> = {
  SUM: { arity: -1, fn: (a) => { let t = 0; numbers(a, (n) => { t += n; }); return t; } },
  AVG: { arity: -1, fn: (a) => { let t = 0; let c = 0; numbers(a, (n) => { t += n; c++; }); return c === 0 ? null : t / c; } },
  MIN: { arity: -1, fn: (a) => { let o: number | null = null; numbers(a, (n) => { if (o === null || n < o) o = n; }); return o; } },
  MAX: { arity: -1, fn: (a) => { let o: number | null = null; numbers(a, (n) => { if (o === null || n > o) o = n; }); return o; } },
  COUNT: { arity: 1, fn: (a) => { const v = first(a); if (Array.isArray(v)) return v.filter((x) => x !== null).length; return v === null ? 0 : 1; } },
  ROUND: { arity: 2, fn: (a) => { const x = toNumber(a[0]); if (x === undefined) return null; const d = toNumber(a[1]) ?? 0; return roundTo(x, Math.trunc(Math.max(-10, Math.min(10, d)))); } },
  IF: { arity: 3, fn: (a) => (a[0] === true ? a[1]! : a[2]!) },
  CONCAT: { arity: -1, fn: (a) => a.map(writeText).join('') },
  LEN: { arity: 1, fn: (a) => { const v = first(a); if (typeof v === 'string') return [...v].length; if (Array.isArray(v)) return v.length; return v === null ? 0 : null; } },
  UPPER: { arity: 1, fn: (a) => mapCase(typeof a[0] === 'string' ? a[0] : '', (c) => c.toUpperCase(), false) },
  LOWER: { arity: 1, fn: (a) => mapCase(typeof a[0] === 'string' ? a[0] : '', (c) => c.toLowerCase(), true) },
  DATEDIF: { arity: 3, fn: (a, _e, z) => dateDif(a[0]!, a[1]!, a[2]!, z) },
  DATEADD: { arity: 3, fn: (a, _e, z) => dateAdd(a[0]!, a[1]!, a[2]!, z) },
  NETWORKDAYS: { arity: 2, fn: (a, e, z) => networkDays(a[0]!, a[1]!, e, z) },
  WORKDAY: { arity: 2, fn: (a, e, z) => workday(a[0]!, a[1]!, e, z) },
};
