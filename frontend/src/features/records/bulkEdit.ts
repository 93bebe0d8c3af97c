import type { FieldError } from '../../shared/api/errors';
import type { FormDef, JsonSchema, Page, RecordItem, RuntimeFormDef } from '../../shared/api/types';
import { anyFieldType } from '../../fields/foreign';

/**
 * bulkEditable lists, in the form's order (`shown`: the fields the member's generated form
 * enters), the fields 批量修改 may set on many records at once: one value that makes sense
 * for each record. Formulas and other computed fields, the member's read-only fields,
 * sub-forms (rows belong to one record), groups and files are left out.
 */
export function bulkEditable(form: RuntimeFormDef, shown: readonly string[]): string[] {
  const props = form.schema.properties ?? {};
  const readOnly = new Set(form.readOnly ?? []);
  return shown.filter((k) => {
    const prop = props[k];
    if (!prop || prop.readOnly || readOnly.has(k)) return false;
    const def = anyFieldType(prop['x-formloom']?.type);
    return !(def?.computed || def?.expression || def?.rows || def?.object || def?.files || def?.notEntered);
  });
}

/**
 * bulkForm is the one-field form that enters the value to set: the field as the record's form
 * has it (type, options, widget, limits), without its show-when and required-when rules,
 * which read other fields of one record, and not required: an empty value clears the field
 * where the form allows it (the server answers for each record where it does not).
 */
export function bulkForm(form: FormDef, field: string): FormDef {
  const prop = form.schema.properties?.[field] ?? {};
  const meta = { ...(prop['x-formloom'] ?? {}) } as Record<string, unknown>;
  delete meta.visibleWhen;
  delete meta.requiredWhen;
  const look = { ...((form.ui?.fields as Record<string, Record<string, unknown>> | undefined)?.[field] ?? {}) };
  delete look.visibleWhen;
  delete look.width;
  return {
    key: form.key,
    name: form.name,
    schema: { type: 'object', properties: { [field]: { ...prop, 'x-formloom': meta } as JsonSchema } },
    ui: { order: [field], fields: { [field]: look } },
  };
}

/** bulkPatch is what each record is sent: the field's new value, or null to clear it. */
export function bulkPatch(field: string, value: unknown): Record<string, unknown> {
  const empty = value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
  return { [field]: empty ? null : value };
}

/** One record 批量修改 left unchanged, named as the member knows it, with why. */
export interface BulkEditFailure {
  id: string;
  name: string;
  message: string;
}

/**
 * bulkEditFailure words a refusal for one record: the server's message, followed by the
 * field errors it lists, each named by the field's label ("紧急程度：此项为必填项。"; a colon of the
 * member's language).
 */
export function bulkEditFailure(
  id: string,
  name: string,
  message: string,
  fields: Record<string, FieldError> | undefined,
  label: (field: string) => string,
  language: string,
): BulkEditFailure {
  const colon = language.startsWith('zh') ? '：' : ': ';
  const parts = Object.entries(fields ?? {}).map(([pointer, fe]) => {
    const key = pointer.replace(/^\//, '').split('/')[0] ?? pointer;
    return `${label(key)}${colon}${fe.message}`;
  });
  return { id, name, message: parts.length > 0 ? parts.join(' ') : message };
}

/** The most records one 批量修改 or delete of every match works on: each is its own request. */
export const EVERY_MATCH_MAX = 1000;

/**
 * everyMatch reads every record of a list's query, page by page (`page` asks for the page at
 * a cursor), for 批量修改 and delete on all the records a filter matches rather than the page
 * shown. `more` says the query matches more than max: the caller refuses instead of working
 * on a part of them.
 */
export async function everyMatch(page: (cursor: string) => Promise<Page<RecordItem>>, max = EVERY_MATCH_MAX): Promise<{ items: RecordItem[]; more: boolean }> {
  const items: RecordItem[] = [];
  let cursor = '';
  for (;;) {
    const p = await page(cursor);
    items.push(...p.items);
    if (items.length > max) return { items: items.slice(0, max), more: true };
    if (!p.next) return { items, more: false };
    cursor = p.next;
  }
}
