/**
 * A field's layout width (the template's ui.fields[key].width: full, half or third of a row at
 * desktop width; one column on a phone). Pure functions: template → template.
 */
import type { JsonObject, Template } from './designer';

export const WIDTHS = ['full', 'half', 'third'] as const;
export type Width = (typeof WIDTHS)[number];

const isObj = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** widthOf is field key's width in a form ("full" when none is set). */
export function widthOf(form: JsonObject | undefined, key: string): Width {
  const f = form && isObj(form.ui) && isObj(form.ui.fields) ? form.ui.fields[key] : undefined;
  const w = isObj(f) ? f.width : undefined;
  return w === 'half' || w === 'third' ? w : 'full';
}

/** withWidth sets field key's width; "full" (the default) is written as no setting, and empty ui entries go. */
export function withWidth(t: Template, formIndex: number, key: string, width: Width): Template {
  const form = t.forms[formIndex];
  if (!form || widthOf(form, key) === width) return t;
  const ui: JsonObject = isObj(form.ui) ? { ...form.ui } : {};
  const fields: JsonObject = isObj(ui.fields) ? { ...ui.fields } : {};
  const entry: JsonObject = isObj(fields[key]) ? { ...(fields[key] as JsonObject) } : {};
  if (width === 'full') delete entry.width;
  else entry.width = width;
  if (Object.keys(entry).length > 0) fields[key] = entry;
  else delete fields[key];
  if (Object.keys(fields).length > 0) ui.fields = fields;
  else delete ui.fields;
  const next: JsonObject = { ...form };
  if (Object.keys(ui).length > 0) next.ui = ui;
  else delete next.ui;
  return { ...t, forms: t.forms.map((f, i) => (i === formIndex ? next : f)) };
}
