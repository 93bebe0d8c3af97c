/**
 * Sections ("分组"): titled, optionally collapsible groups of a form's top-level fields (the
 * template's ui.sections; docs/template-format.md). A section is shown where its first field
 * falls in the display order. Pure functions: template → template, and the grouping the
 * designer's canvas and the generated form both lay out.
 */
import type { Json, JsonObject, Template, Texts } from './designer';

export interface SectionView {
  title: Texts;
  fields: string[];
  collapsible: boolean;
  collapsed: boolean;
}

const isObj = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const texts = (v: unknown): Texts => (isObj(v) ? { zh: String(v['zh-CN'] ?? ''), en: String(v.en ?? '') } : { zh: '', en: '' });

/** sectionsOf reads a form's sections. */
export function sectionsOf(form: JsonObject | undefined): SectionView[] {
  const list = form && isObj(form.ui) && Array.isArray(form.ui.sections) ? form.ui.sections : [];
  return list.filter(isObj).map((s) => ({
    title: texts(s.title),
    fields: Array.isArray(s.fields) ? s.fields.filter((f): f is string => typeof f === 'string') : [],
    collapsible: s.collapsible === true,
    collapsed: s.collapsed === true,
  }));
}

function toJson(s: SectionView): JsonObject {
  const title: JsonObject = { 'zh-CN': s.title.zh };
  if (s.title.en) title.en = s.title.en;
  const out: JsonObject = { title, fields: s.fields };
  if (s.collapsible) out.collapsible = true;
  if (s.collapsible && s.collapsed) out.collapsed = true;
  return out;
}

/** withSections writes a form's sections (a section left with no field is dropped; none: no ui.sections). */
export function withSections(t: Template, formIndex: number, sections: SectionView[]): Template {
  const form = t.forms[formIndex];
  if (!form) return t;
  const ui: JsonObject = isObj(form.ui) ? { ...form.ui } : {};
  const kept = sections.filter((s) => s.fields.length > 0).map(toJson);
  if (kept.length > 0) ui.sections = kept as Json[];
  else delete ui.sections;
  const next: JsonObject = { ...form };
  if (Object.keys(ui).length > 0) next.ui = ui;
  else delete next.ui;
  return { ...t, forms: t.forms.map((f, i) => (i === formIndex ? next : f)) };
}

/** addSection adds a section holding the given fields, taking them out of any other section. */
export function addSection(t: Template, formIndex: number, title: Texts, fields: string[]): Template {
  const others = sectionsOf(t.forms[formIndex]).map((s) => ({ ...s, fields: s.fields.filter((f) => !fields.includes(f)) }));
  return withSections(t, formIndex, [...others, { title, fields, collapsible: false, collapsed: false }]);
}

/** updateSection changes section i; fields it takes leave the other sections (a field is in one at most). */
export function updateSection(t: Template, formIndex: number, i: number, patch: Partial<SectionView>): Template {
  const all = sectionsOf(t.forms[formIndex]);
  if (!all[i]) return t;
  const next = all.map((s, j) => (j === i ? { ...s, ...patch } : patch.fields ? { ...s, fields: s.fields.filter((f) => !patch.fields!.includes(f)) } : s));
  return withSections(t, formIndex, next);
}

/** removeSection removes section i; its fields stay in the form, outside any section. */
export function removeSection(t: Template, formIndex: number, i: number): Template {
  return withSections(t, formIndex, sectionsOf(t.forms[formIndex]).filter((_, j) => j !== i));
}

/** renameInSections follows a field's new key; removing it (to undefined) takes it out of its section. */
export function renameInSections(t: Template, formIndex: number, from: string, to: string | undefined): Template {
  const all = sectionsOf(t.forms[formIndex]);
  if (!all.some((s) => s.fields.includes(from))) return t;
  return withSections(
    t,
    formIndex,
    all.map((s) => ({ ...s, fields: s.fields.flatMap((f) => (f !== from ? [f] : to === undefined ? [] : [to])) })),
  );
}

/** A block of the laid-out form: one field outside any section, or a section with its fields in display order. */
export type Block = { field: string } | { section: number; fields: string[] };

/** blocks lays the fields (in display order) out: a section where its first field falls. */
export function blocks(order: string[], sections: { fields: string[] }[]): Block[] {
  const sectionOf = new Map<string, number>();
  sections.forEach((s, i) => s.fields.forEach((f) => sectionOf.has(f) || sectionOf.set(f, i)));
  const out: Block[] = [];
  const placed = new Set<number>();
  for (const f of order) {
    const i = sectionOf.get(f);
    if (i === undefined) out.push({ field: f });
    else if (!placed.has(i)) {
      placed.add(i);
      out.push({ section: i, fields: order.filter((g) => sectionOf.get(g) === i) });
    }
  }
  return out;
}
