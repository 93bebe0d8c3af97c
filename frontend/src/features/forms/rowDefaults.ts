import type { JsonSchema } from '../../shared/api/types';
import { plainDefaults } from './schemaForm';

/**
 * withNewRowDefaults gives each sub-form row added since `before` the defaults of its
 * columns (an action item's status starts as 未完成), as a new record starts with the
 * defaults of its fields. The form library is told to skip schema defaults, so that a choice
 * without one stays empty; it therefore adds a row as an empty object. A row counts as new
 * when it is past the end of the sub-form's rows before and holds nothing yet: a copied row
 * keeps what it copied.
 */
export function withNewRowDefaults(
  schema: JsonSchema,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Record<string, unknown> {
  let out = after;
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    const defaults = rowDefaults(prop);
    if (!defaults) continue;
    const rows = after[key];
    if (!Array.isArray(rows)) continue;
    const had = Array.isArray(before[key]) ? (before[key] as unknown[]).length : 0;
    if (rows.length <= had) continue;
    if (!rows.some((row, i) => i >= had && isEmptyRow(row))) continue;
    // Each new row gets its own copy of the defaults (a list default is not shared).
    const filled = rows.map((row, i) => (i >= had && isEmptyRow(row) ? structuredClone(defaults) : row));
    out = out === after ? { ...after } : out;
    out[key] = filled;
  }
  return out;
}

/** rowDefaults is what a new row of a sub-form starts with; undefined when no column has a default. */
function rowDefaults(prop: JsonSchema | undefined): Record<string, unknown> | undefined {
  const items = prop?.type === 'array' ? prop.items : undefined;
  if (!items || items.type !== 'object') return undefined;
  const out = plainDefaults(items.properties);
  return Object.keys(out).length ? out : undefined;
}

function isEmptyRow(row: unknown): boolean {
  if (row === undefined || row === null) return true;
  if (typeof row !== 'object' || Array.isArray(row)) return false;
  return Object.values(row).every((v) => v === undefined);
}
