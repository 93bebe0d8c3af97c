/**
 * Dates and datetimes as formulas read them (builder/form/formula_funcs.go): a date
 * "2006-01-02" is midnight in the workspace's timezone, a datetime is RFC 3339; results are
 * dates ("2006-01-02") or UTC datetimes with milliseconds ("2006-01-02T15:04:05.000Z").
 * Wall-clock parts in a timezone come from Intl, which needs no code generation.
 */

/** Wall-clock parts: month 1–12; ms within the second. */
export interface Wall {
  y: number;
  m: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  ms: number;
}

/** When is an instant read in a timezone, and whether it was written as a date. */
export interface When {
  ms: number;
  wall: Wall;
  isDate: boolean;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

const isUTC = (zone: string) => zone === 'UTC' || zone === 'Etc/UTC' || zone === '';

/** wallAt is the wall clock of instant ms in zone. */
export function wallAt(ms: number, zone: string): Wall {
  const sub = ((ms % 1000) + 1000) % 1000;
  if (isUTC(zone)) {
    const t = new Date(ms);
    return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate(), h: t.getUTCHours(), mi: t.getUTCMinutes(), s: t.getUTCSeconds(), ms: sub };
  }
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { y: parts.year!, m: parts.month!, d: parts.day!, h: parts.hour!, mi: parts.minute!, s: parts.second!, ms: sub };
}

/** utcOf reads wall parts as if in UTC, normalising overflows as Go's time.Date does. */
export function utcOf(w: Wall): number {
  const t = new Date(0);
  t.setUTCFullYear(w.y, w.m - 1, w.d);
  t.setUTCHours(w.h, w.mi, w.s, w.ms);
  return t.getTime();
}

/** instantOf is the instant the wall clock w shows in zone. */
export function instantOf(w: Wall, zone: string): number {
  const guess = utcOf(w);
  if (isUTC(zone)) return guess;
  const offset = (ms: number) => utcOf({ ...wallAt(ms, zone), ms: ((ms % 1000) + 1000) % 1000 }) - ms;
  let t = guess - offset(guess);
  t = guess - offset(t);
  return t;
}

/** daysIn is the number of days of month m (1–12) of year y. */
export function daysIn(y: number, m: number): number {
  return new Date(utcOf({ y, m: m + 1, d: 0, h: 0, mi: 0, s: 0, ms: 0 })).getUTCDate();
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|([+-])(\d{2}):(\d{2}))$/;

/** parseWhen reads a date (midnight in zone) or an RFC 3339 datetime; undefined for anything else. */
export function parseWhen(v: unknown, zone: string): When | undefined {
  if (typeof v !== 'string') return undefined;
  if (v.length === 10) {
    const m = DATE.exec(v);
    if (!m) return undefined;
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo)) return undefined;
    const wall = { y, m: mo, d, h: 0, mi: 0, s: 0, ms: 0 };
    return { ms: instantOf(wall, zone), wall, isDate: true };
  }
  const m = DATETIME.exec(v);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i]));
  if (mo! < 1 || mo! > 12 || d! < 1 || d! > daysIn(y!, mo!) || h! > 23 || mi! > 59 || s! > 59) return undefined;
  let offset = 0;
  if (m[8] !== 'Z') {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) return undefined;
    offset = (m[9] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  const frac = m[7] ? Math.floor(Number(`0${m[7]}`) * 1000) : 0;
  const ms = utcOf({ y: y!, m: mo!, d: d!, h: h!, mi: mi!, s: s!, ms: frac }) - offset;
  return { ms, wall: wallAt(ms, zone), isDate: false };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** formatDate writes a wall date "2006-01-02". */
export function formatDate(w: Pick<Wall, 'y' | 'm' | 'd'>): string {
  return `${pad(w.y, 4)}-${pad(w.m)}-${pad(w.d)}`;
}

/** formatDatetime writes an instant as datetimes are stored: UTC, milliseconds, "Z". */
export function formatDatetime(ms: number): string {
  const w = wallAt(ms, 'UTC');
  return `${formatDate(w)}T${pad(w.h)}:${pad(w.mi)}:${pad(w.s)}.${pad(w.ms, 3)}Z`;
}

/** isoWeekday of a wall date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(w: Pick<Wall, 'y' | 'm' | 'd'>): number {
  const wd = new Date(Date.UTC(w.y, w.m - 1, w.d)).getUTCDay();
  return wd === 0 ? 7 : wd;
}

/** addDays moves a wall date by n days (clock kept). */
export function addDays<T extends Wall>(w: T, n: number): Wall {
  const t = new Date(utcOf({ ...w, h: 0, mi: 0, s: 0, ms: 0 }));
  t.setUTCDate(t.getUTCDate() + n);
  return { ...w, y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}
