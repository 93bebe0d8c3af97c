import { fieldType } from '../../fields/registry';
import type { JsonSchema, RecordChoice } from '../../shared/api/types';

/** choiceLabel names a record as pickers and pages show it: "XS-2026-000001 客户投诉产品质量". */
export function choiceLabel(c: RecordChoice): string {
  return [c.serial, c.title].filter((s) => s !== undefined && s !== '').join(' ') || c.id;
}

/**
 * relationRefs collects the record IDs the relation fields of records hold, by the form
 * they link to: top-level fields and sub-form columns, one value or several.
 */
export function relationRefs(schema: JsonSchema | undefined, records: readonly Record<string, unknown>[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (form: string, v: unknown) => {
    for (const id of Array.isArray(v) ? v : [v]) {
      if (typeof id !== 'string' || id === '') continue;
      const set = out.get(form) ?? new Set<string>();
      set.add(id);
      out.set(form, set);
    }
  };
  const fields = linkFields(schema);
  for (const rec of records) {
    for (const f of fields) {
      if (!f.column) {
        add(f.form, rec[f.key]);
        continue;
      }
      const rows = rec[f.key];
      if (Array.isArray(rows)) for (const row of rows) if (row && typeof row === 'object') add(f.form, (row as Record<string, unknown>)[f.column]);
    }
  }
  return out;
}

interface LinkField {
  key: string;
  /** The column of a sub-form field, when the relation is one. */
  column?: string;
  form: string;
}

function linkFields(schema: JsonSchema | undefined): LinkField[] {
  const out: LinkField[] = [];
  for (const [key, prop] of Object.entries(schema?.properties ?? {})) {
    const form = linkedForm(prop);
    if (form) out.push({ key, form });
    for (const [column, col] of Object.entries(prop.items?.properties ?? {})) {
      const f = linkedForm(col);
      if (f) out.push({ key, column, form: f });
    }
  }
  return out;
}

function linkedForm(prop: JsonSchema): string | undefined {
  const meta = prop['x-formloom'];
  return fieldType(meta?.type)?.picksRecords && typeof meta?.form === 'string' && meta.form !== '' ? meta.form : undefined;
}
