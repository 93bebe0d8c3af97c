import type { FormDef, RecordItem } from '../../shared/api/types';
import { anyFieldType } from '../../fields/foreign';

/**
 * The calendar view's model: which records a month shows and on which day. A calendar view
 * names a date or datetime field (`date`); a month asks the view's records whose value falls
 * in it, and places each on its day — a date as it is, a datetime on its day in the page's
 * timezone (the day a person at this screen calls it).
 */

/** A month of the calendar: year and month (1–12). */
export interface Month {
  year: number;
  month: number;
}

/** dateKind is how the field stores its value: 'date' (YYYY-MM-DD) or 'datetime' (an instant); undefined when it is neither. */
export function dateKind(form: FormDef | undefined, field: string | undefined): 'date' | 'datetime' | undefined {
  if (!form || !field) return undefined;
  return anyFieldType(form.schema.properties?.[field]?.['x-formloom']?.type)?.date;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** dayKey is a day as the calendar keys it: YYYY-MM-DD. */
export function dayKey(year: number, month: number, day: number): string {
  return `${year}-${pad(month)}-${pad(day)}`;
}

/**
 * monthFilter is the query-language filter of a month's records: the field from the first of
 * the month up to the first of the next. A datetime is bounded by the local midnights, as
 * instants.
 */
export function monthFilter(field: string, kind: 'date' | 'datetime', m: Month): string {
  const next = m.month === 12 ? { year: m.year + 1, month: 1 } : { year: m.year, month: m.month + 1 };
  const bound = (x: Month) => (kind === 'date' ? dayKey(x.year, x.month, 1) : new Date(x.year, x.month - 1, 1).toISOString());
  return JSON.stringify({ and: [{ field, op: 'gte', value: bound(m) }, { field, op: 'lt', value: bound(next) }] });
}

/** dayOf is the day a record's value falls on (YYYY-MM-DD), or undefined without a readable value. */
export function dayOf(value: unknown, kind: 'date' | 'datetime'): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  if (kind === 'date') return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : dayKey(d.getFullYear(), d.getMonth() + 1, d.getDate());
}

/** byDay groups records by the day their field falls on, in the order given (the view's). */
export function byDay(records: readonly RecordItem[], field: string, kind: 'date' | 'datetime'): Map<string, RecordItem[]> {
  const out = new Map<string, RecordItem[]>();
  for (const r of records) {
    const day = dayOf(r.data[field], kind);
    if (!day) continue;
    const list = out.get(day);
    if (list) list.push(r);
    else out.set(day, [r]);
  }
  return out;
}

/**
 * dayValue is the value a new record's field takes for a day chosen on the calendar: the date
 * itself, or for a datetime 09:00 that day in the page's timezone (a working morning, which
 * the form lets the person change).
 */
export function dayValue(day: string, kind: 'date' | 'datetime'): string {
  if (kind === 'date') return day;
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y!, m! - 1, d!, 9, 0).toISOString();
}
