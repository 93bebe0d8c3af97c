import { PLACEHOLDER_EN, PLACEHOLDER_VALUE } from '../../../fields/options';
import { property, type JsonObject, type OptionSetting, type Template, type Texts } from './designer';
import { optionValueFromLabel } from './model';
import { columnPath, columnProperty } from './subform';

/**
 * The options of a choice field (select, multiselect) as the designer edits them. A new field
 * starts with placeholder options ("option1" labelled 选项1 / Option 1); the admin only types
 * the Chinese labels, so a new option's value and English label must not stay placeholders:
 * the value is what exports, filters and conditions show, and the English label what English
 * readers see.
 */

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The first free placeholder value from option{n} on. */
function freePlaceholder(taken: ReadonlySet<string>, n: number): string {
  while (taken.has(`option${n}`)) n++;
  return `option${n}`;
}

/**
 * relabelOption sets option i's labels. While the option is new — its value still a generated
 * one (the placeholder, or the one its old Chinese label gave) and not among fixed, the values
 * records may hold — its value follows the Chinese label ("住宿" → "zhuSu"), unique among the
 * field's options and never one of fixed (a published option removed since is still in
 * records). A value typed by hand, or published, stays: records and rules hold it.
 *
 * An English label still the placeholder ("Option 1") goes when the Chinese label changes:
 * a missing language falls back to the other one (localized), a stale "Option 1" would not.
 */
export function relabelOption(options: OptionSetting[], i: number, label: Texts, fixed: ReadonlySet<string>): OptionSetting[] {
  const o = options[i];
  if (!o) return options;
  const zhChanged = label.zh !== o.label.zh;
  const en = zhChanged && label.en === o.label.en && PLACEHOLDER_EN.test(label.en.trim()) ? '' : label.en;
  let value = o.value;
  if (zhChanged && !fixed.has(o.value)) {
    const taken = new Set([...options.filter((_, j) => j !== i).map((x) => x.value), ...fixed]);
    const generated = PLACEHOLDER_VALUE.test(o.value) || o.value === optionValueFromLabel(o.label.zh, taken);
    if (generated) value = optionValueFromLabel(label.zh, taken) ?? (PLACEHOLDER_VALUE.test(o.value) ? o.value : freePlaceholder(taken, i + 1));
  }
  return options.map((x, j) => (j === i ? { value, label: { zh: label.zh, en } } : x));
}

/**
 * fixedOptions are the option values of a field (a key, or a sub-form column "items.kind")
 * that records may hold: the published version's. While the published version is not known
 * (undefined), the draft the server holds stands in for it: it has every published option
 * but those removed since, so no published value is taken for a new one.
 */
export function fixedOptions(published: Template | undefined, saved: Template, formKey: string, path: string): Set<string> {
  const form = (published ?? saved).forms.find((f) => f.key === formKey);
  const prop = columnPath(path) ? columnProperty(form, path) : form && property(form, path);
  const meta = prop && isObject(prop['x-formloom']) ? prop['x-formloom'] : {};
  const options = Array.isArray(meta.options) ? meta.options : [];
  return new Set(options.filter(isObject).map((o) => o.value).filter((v): v is string => typeof v === 'string'));
}
