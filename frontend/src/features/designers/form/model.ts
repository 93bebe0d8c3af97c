import { pinyin } from 'pinyin-pro';
import { fieldType } from '../../../fields/registry';

/** A field key: a lowercase letter, then letters, digits and underscores (at most 63). */
const KEY = /^[a-z][a-zA-Z0-9_]{0,62}$/;

/** keyWords reads a label or name as the lowercase words of a key: Chinese as pinyin syllables, other text split at what is not a letter or digit. */
function keyWords(text: string): string[] {
  return pinyin(text.trim(), { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true })
    .flatMap((w) => w.toLowerCase().split(/[^a-z0-9]+/))
    .filter((w) => w !== '');
}

/**
 * keyFromLabel derives a field key from its label, as people expect a key to read: Chinese
 * in pinyin, one capitalised syllable per character after the first ("客户名称" →
 * "keHuMingCheng"), other text as a camel-case slug ("Due date" → "dueDate"). A key
 * already taken gets a number ("keHu2"); a label with nothing usable gives "field".
 */
export function keyFromLabel(label: string, taken: Iterable<string> = []): string {
  let key = keyWords(label)
    .map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1)))
    .join('');
  key = key.replace(/^[^a-zA-Z]+/, '');
  if (key === '') key = 'field';
  key = (key.charAt(0).toLowerCase() + key.slice(1)).slice(0, 60);
  const used = new Set(taken);
  if (!used.has(key) && KEY.test(key)) return key;
  for (let n = 2; ; n++) {
    const k = `${key}${n}`;
    if (!used.has(k)) return k;
  }
}

/**
 * followLabel is the key a new field takes when its label changes: while the key is still
 * the one derived from the old label (the designer did not type one), it follows the new
 * label; a key typed by hand is kept. Keys are fixed once the form is published.
 */
export function followLabel(key: string, oldLabel: string, newLabel: string, taken: Iterable<string>): string {
  const others = [...taken].filter((k) => k !== key);
  if (key !== keyFromLabel(oldLabel, others)) return key;
  return keyFromLabel(newLabel, others);
}

/**
 * optionValueFromLabel is the value a new choice option takes from its label, read like a
 * field key ("住宿" → "zhuSu"), numbered when taken ("zhuSu2"); undefined when the label has
 * nothing to read (digits or punctuation only), where a key would fall back to "field".
 */
export function optionValueFromLabel(label: string, taken: Iterable<string>): string | undefined {
  if (!keyWords(label).some((w) => /[a-z]/.test(w))) return undefined;
  return keyFromLabel(label, taken);
}

/** The formula functions (builder/form's functionSet), for completion. */
export const FORMULA_FUNCTIONS = [
  'SUM', 'AVG', 'MIN', 'MAX', 'COUNT', 'ROUND', 'IF', 'CONCAT', 'LEN', 'UPPER', 'LOWER', 'TODAY', 'NOW',
  'DATEDIF', 'DATEADD', 'NETWORKDAYS', 'WORKDAY',
] as const;

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** FormulaName is a name a formula may use: a field, or a sub-form column ("items.qty"). */
export interface FormulaName {
  name: string;
  label: string;
  type: string;
}

/**
 * formulaNames lists what a formula of field `self` may read: the other fields and every
 * sub-form's columns, labelled in language (Chinese unless English is asked for, else the other).
 */
export function formulaNames(schema: Json, self: string, language = 'zh-CN'): FormulaName[] {
  const out: FormulaName[] = [];
  const props = isObj(schema.properties) ? schema.properties : {};
  const en = language.toLowerCase().startsWith('en');
  const labelOf = (p: Json) => {
    const x = isObj(p['x-formloom']) ? p['x-formloom'] : {};
    const l = isObj(x.label) ? x.label : {};
    return { label: String((en ? (l.en ?? l['zh-CN']) : (l['zh-CN'] ?? l.en)) ?? ''), type: String(x.type ?? '') };
  };
  for (const [key, p] of Object.entries(props)) {
    if (key === self || !isObj(p)) continue;
    out.push({ name: key, ...labelOf(p) });
    const items = isObj(p.items) ? p.items : undefined;
    if (items && isObj(items.properties)) {
      for (const [col, c] of Object.entries(items.properties)) if (isObj(c)) out.push({ name: `${key}.${col}`, ...labelOf(c) });
    }
  }
  return out;
}

/** withExpr is the form schema with field `key`'s formula set to expr (a copy). */
export function withExpr(schema: Json, key: string, expr: string): Json {
  const props = isObj(schema.properties) ? schema.properties : {};
  const prop = isObj(props[key]) ? (props[key] as Json) : {};
  const x = isObj(prop['x-formloom']) ? prop['x-formloom'] : {};
  return { ...schema, properties: { ...props, [key]: { ...prop, 'x-formloom': { ...x, expr } } } };
}

/**
 * sampleRecord gives every entered field a sample value to preview formulas on: numbers 1,
 * dates 2026-12-04 (a Friday) and 2026-12-08 alternately, texts their label, a checkbox true,
 * a sub-form two rows.
 */
export function sampleRecord(schema: Json): Json {
  const out: Json = {};
  let dates = 0;
  const nextDate = () => (dates++ % 2 === 0 ? '2026-12-04' : '2026-12-08');
  const value = (p: Json, key: string): unknown => {
    const x = isObj(p['x-formloom']) ? p['x-formloom'] : {};
    return fieldType(typeof x.type === 'string' ? x.type : undefined)?.sample?.({ key, prop: p, nextDate, record: sampleRecord });
  };
  const props = isObj(schema.properties) ? schema.properties : {};
  for (const [key, p] of Object.entries(props)) {
    if (!isObj(p) || p.readOnly) continue;
    const v = value(p, key);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

/**
 * appKeyFromName is a template key from an app's name: pinyin or words, lowercase, joined by
 * "-" — the template format's key is letters, digits and hyphens, starting with a letter, at
 * least two characters (builder/template/metaschema.json).
 */
export function appKeyFromName(name: string): string {
  const key = keyWords(name).join('-').replace(/^[^a-z]+/, '').slice(0, 63).replace(/-+$/, '');
  return key.length < 2 ? 'app' : key;
}

/**
 * formKeyFromName is a new form's key from its name: pinyin or words, lowercase, joined by
 * "_" (a form key is lowercase letters, digits and _, starting with a letter), numbered
 * when another form has it ("bao_xiao_dan_2"); "form" when the name gives nothing usable.
 */
export function formKeyFromName(name: string, taken: Iterable<string> = []): string {
  let key = keyWords(name).join('_').replace(/^[^a-z]+/, '').slice(0, 56).replace(/_+$/, '');
  if (key === '') key = 'form';
  const used = new Set(taken);
  if (!used.has(key)) return key;
  for (let n = 2; ; n++) {
    if (!used.has(`${key}_${n}`)) return `${key}_${n}`;
  }
}

/**
 * blankApp is the definition of a new app started from nothing: its name, and one form
 * named after it with one text field, "标题" (a form needs a field), ready for the designer.
 */
export function blankApp(name: string): Record<string, unknown> {
  const label = name.trim();
  return {
    key: appKeyFromName(label),
    name: { 'zh-CN': label },
    forms: [
      {
        key: 'main',
        name: { 'zh-CN': label },
        schema: {
          type: 'object',
          properties: { biaoTi: { type: 'string', 'x-formloom': { type: 'text', label: { 'zh-CN': '标题', en: 'Title' } } } },
        },
      },
    ],
  };
}
