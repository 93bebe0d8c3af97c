import type { Localized } from '../../shared/api/types';

/** One piece of a hit's snippet; `hit` marks the text that matches the query. */
export interface SnippetSegment {
  text: string;
  hit?: boolean;
}

/** SearchHit is one record found by GET /workspaces/{ws}/search. */
export interface SearchHit {
  app: string;
  appName: Localized;
  form: string;
  formName: Localized;
  record: string;
  title: string;
  serial?: string;
  field: string;
  fieldLabel: Localized;
  snippet: SnippetSegment[];
  created: string;
  updated: string;
}

export interface SearchResult {
  items: SearchHit[];
  partial?: boolean;
}

/** The search box's state: the text, an app (empty: every app), and created-date bounds. */
export interface SearchParams {
  q: string;
  app?: string;
  /** First day included, "YYYY-MM-DD" in the person's time zone. */
  from?: string;
  /** Last day included, "YYYY-MM-DD". */
  to?: string;
}

/** The server refuses longer queries; the box stops at this many characters. */
export const MAX_QUERY_LENGTH = 100;

/** isSearchable says whether the text is worth asking about (some non-space character). */
export function isSearchable(q: string): boolean {
  return q.trim().length > 0;
}

function parseDay(day: string): [number, number, number] {
  const [y = 1970, m = 1, d = 1] = day.split('-').map(Number);
  return [y, m, d];
}

/**
 * localMidnight is the start of a calendar day in the time zone offset given (minutes
 * east of UTC, as -Date.getTimezoneOffset() gives), as an RFC 3339 time.
 */
export function localMidnight(day: string, offsetMinutes: number): string {
  const [y, m, d] = parseDay(day);
  const utc = Date.UTC(y, m - 1, d) - offsetMinutes * 60_000;
  return new Date(utc).toISOString();
}

/** nextDay returns the day after a "YYYY-MM-DD" day. */
export function nextDay(day: string): string {
  const [y, m, d] = parseDay(day);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/**
 * searchQuery builds the URL query of a search: the text trimmed, the app, and the date
 * range as [from's midnight, the midnight after to) in the person's time zone.
 */
export function searchQuery(p: SearchParams, offsetMinutes: number, limit = 20): string {
  const q = new URLSearchParams({ q: p.q.trim().slice(0, MAX_QUERY_LENGTH), limit: String(limit) });
  if (p.app) q.set('app', p.app);
  if (p.from) q.set('from', localMidnight(p.from, offsetMinutes));
  if (p.to) q.set('to', localMidnight(nextDay(p.to), offsetMinutes));
  return q.toString();
}

/** mergeSegments joins neighbouring segments of the same kind and drops empty ones. */
export function mergeSegments(segs: readonly SnippetSegment[]): SnippetSegment[] {
  const out: SnippetSegment[] = [];
  for (const s of segs) {
    if (!s.text) continue;
    const last = out[out.length - 1];
    if (last && !!last.hit === !!s.hit) last.text += s.text;
    else out.push({ text: s.text, hit: !!s.hit });
  }
  return out;
}
