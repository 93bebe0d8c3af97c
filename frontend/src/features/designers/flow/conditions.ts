import { fieldType } from '../../../fields/registry';
import type { JsonObject, Template } from '../form/designer';
import { fieldKeys, fieldView } from '../form/designer';

/**
 * Branch conditions as an admin builds them — field, operator, value, in and/or groups (the
 * react-querybuilder shape) — compiled to the pipeline's expression language (the formula
 * language the server compiles) and read back from it, so a saved condition reopens in the
 * builder and is shown in words. An expression written by hand outside this subset is kept as
 * written and shown as it is.
 */

export const OPERATORS = ['=', '!=', '<', '<=', '>', '>=', 'contains', 'in', 'notIn', 'null', 'notNull'] as const;
export type Operator = (typeof OPERATORS)[number];

export interface Rule {
  field: string;
  operator: string;
  value: unknown;
}

export interface RuleGroup {
  combinator: string;
  rules: (Rule | RuleGroup)[];
  not?: boolean;
}

export const isGroup = (r: Rule | RuleGroup): r is RuleGroup => 'rules' in r;

/** What a condition needs of a form field. */
export interface FlowField {
  key: string;
  label: { zh: string; en: string };
  type: string;
  numeric: boolean;
  options: { value: string; label: { zh: string; en: string } }[];
}

/** formFields lists the fields of a template's form, in display order. */
export function formFields(t: Template, formKey: string): FlowField[] {
  const form = t.forms.find((f) => f.key === formKey);
  if (!form) return [];
  const props = (form.schema as JsonObject | undefined)?.properties as Record<string, JsonObject> | undefined;
  return fieldKeys(form).flatMap((key) => {
    const v = fieldView(form, key);
    if (!v) return [];
    const jsonType = props?.[key]?.type;
    const type = v.type || (typeof jsonType === 'string' ? jsonType : 'text');
    return [{ key, label: v.label, type, numeric: fieldType(type)?.numeric === true || jsonType === 'number' || jsonType === 'integer', options: v.options }];
  });
}

const quote = (v: unknown) => JSON.stringify(String(v ?? ''));

function literal(f: FlowField | undefined, v: unknown): string {
  if (f?.numeric && v !== '' && v !== null && v !== undefined && Number.isFinite(Number(v))) return String(Number(v));
  if (typeof v === 'boolean') return String(v);
  return quote(v);
}

function listOf(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String).filter((x) => x !== '');
  return String(v ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
}

/** compileRule writes one rule in the expression language; undefined while it is incomplete. */
function compileRule(r: Rule, fields: FlowField[]): string | undefined {
  const f = fields.find((x) => x.key === r.field);
  if (!f) return undefined;
  switch (r.operator) {
    case 'null':
      return `${r.field} == nil`;
    case 'notNull':
      return `${r.field} != nil`;
    case 'contains':
      return `${r.field} contains ${quote(r.value)}`;
    case 'in':
    case 'notIn': {
      const items = listOf(r.value).map((x) => literal(f, x));
      if (items.length === 0) return undefined;
      return `${r.operator === 'notIn' ? 'not (' : ''}${r.field} in [${items.join(', ')}]${r.operator === 'notIn' ? ')' : ''}`;
    }
    case '=':
    case '!=':
    case '<':
    case '<=':
    case '>':
    case '>=': {
      if (r.value === '' || r.value === undefined || r.value === null) return undefined;
      return `${r.field} ${r.operator === '=' ? '==' : r.operator} ${literal(f, r.value)}`;
    }
  }
  return undefined;
}

/** compile writes a group in the expression language; '' when it holds no complete rule. */
export function compile(g: RuleGroup, fields: FlowField[]): string {
  const join = g.combinator === 'or' ? ' || ' : ' && ';
  const parts = g.rules.flatMap((r) => {
    const s = isGroup(r) ? compile(r, fields) : compileRule(r, fields);
    if (!s) return [];
    return [isGroup(r) && r.rules.length > 1 ? `(${s})` : s];
  });
  const body = parts.join(join);
  if (!body) return '';
  return g.not ? `not (${body})` : body;
}

/** The tokens of the subset compile writes. */
type Tok = { k: 'id' | 'str' | 'num' | 'op' | 'kw' | 'p'; v: string };

function tokenize(src: string): Tok[] | undefined {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== '"') j += src[j] === '\\' ? 2 : 1;
      if (j >= src.length) return undefined;
      try {
        out.push({ k: 'str', v: JSON.parse(src.slice(i, j + 1)) as string });
      } catch {
        return undefined;
      }
      i = j + 1;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (['==', '!=', '<=', '>=', '&&', '||'].includes(two)) {
      out.push({ k: 'op', v: two });
      i += 2;
      continue;
    }
    if ('<>'.includes(c)) {
      out.push({ k: 'op', v: c });
      i++;
      continue;
    }
    if ('()[],'.includes(c)) {
      out.push({ k: 'p', v: c });
      i++;
      continue;
    }
    const num = /^-?\d+(\.\d+)?/.exec(src.slice(i));
    if (num) {
      out.push({ k: 'num', v: num[0] });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (!id) return undefined;
    const w = id[0];
    out.push({ k: ['and', 'or', 'not', 'in', 'contains', 'nil', 'true', 'false'].includes(w) ? 'kw' : 'id', v: w });
    i += w.length;
  }
  return out;
}

/**
 * parse reads an expression back into a rule group, when it is one compile could have written;
 * undefined otherwise (the expression is then kept as written).
 */
export function parse(src: string): RuleGroup | undefined {
  if (src.trim() === '') return { combinator: 'and', rules: [] };
  const toks = tokenize(src);
  if (!toks) return undefined;
  let i = 0;
  const peek = () => toks[i];
  const eat = (v: string) => (toks[i]?.v === v ? (i++, true) : false);
  const value = (): unknown => {
    const t = toks[i++];
    if (!t) throw new Error('end');
    if (t.k === 'str') return t.v;
    if (t.k === 'num') return Number(t.v);
    if (t.k === 'kw' && (t.v === 'true' || t.v === 'false')) return t.v === 'true';
    throw new Error('value');
  };
  const rule = (): Rule | RuleGroup => {
    if (eat('(')) {
      const g = group();
      if (!eat(')')) throw new Error(')');
      return g;
    }
    if (peek()?.v === 'not' && toks[i + 1]?.v === '(') {
      i += 2;
      const g = group();
      if (!eat(')')) throw new Error(')');
      // not (x in [...]) is a notIn rule.
      if (g.rules.length === 1 && !isGroup(g.rules[0]!) && g.rules[0]!.operator === 'in') return { ...g.rules[0]!, operator: 'notIn' };
      return { ...g, not: !g.not };
    }
    const f = toks[i++];
    if (!f || f.k !== 'id') throw new Error('field');
    const op = toks[i++];
    if (!op) throw new Error('op');
    if (op.v === 'contains') return { field: f.v, operator: 'contains', value: value() };
    if (op.v === 'in') {
      if (!eat('[')) throw new Error('[');
      const items: unknown[] = [];
      while (!eat(']')) {
        items.push(value());
        eat(',');
        if (i >= toks.length) throw new Error(']');
      }
      return { field: f.v, operator: 'in', value: items.map(String).join(',') };
    }
    if (op.k !== 'op' || ['&&', '||'].includes(op.v)) throw new Error('op');
    if (toks[i]?.v === 'nil') {
      i++;
      if (op.v === '==') return { field: f.v, operator: 'null', value: '' };
      if (op.v === '!=') return { field: f.v, operator: 'notNull', value: '' };
      throw new Error('nil');
    }
    return { field: f.v, operator: op.v === '==' ? '=' : op.v, value: value() };
  };
  const group = (): RuleGroup => {
    const rules = [rule()];
    let comb: string | undefined;
    for (;;) {
      const t = peek();
      const c = t?.v === '&&' || t?.v === 'and' ? 'and' : t?.v === '||' || t?.v === 'or' ? 'or' : undefined;
      if (!c) break;
      if (comb && comb !== c) throw new Error('mixed');
      comb = c;
      i++;
      rules.push(rule());
    }
    return { combinator: comb ?? 'and', rules };
  };
  try {
    const g = group();
    if (i !== toks.length) return undefined;
    return g;
  } catch {
    return undefined;
  }
}

/** The words of operators, per language. */
const WORDS: Record<'zh' | 'en', Record<string, string>> = {
  zh: { '=': '等于', '!=': '不等于', '<': '小于', '<=': '不大于', '>': '大于', '>=': '不小于', contains: '包含', in: '属于', notIn: '不属于', null: '为空', notNull: '不为空', and: ' 且 ', or: ' 或 ', not: '并非' },
  en: { '=': 'is', '!=': 'is not', '<': 'is less than', '<=': 'is at most', '>': 'is more than', '>=': 'is at least', contains: 'contains', in: 'is one of', notIn: 'is none of', null: 'is empty', notNull: 'is not empty', and: ' and ', or: ' or ', not: 'not' },
};

/** describe says a condition in words: field labels and option labels in the language. */
export function describe(src: string, fields: FlowField[], language: string): string {
  const lang = language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
  const g = parse(src);
  if (!g) return src;
  const w = WORDS[lang];
  const label = (l: { zh: string; en: string }, fallback: string) => (lang === 'zh' ? l.zh || l.en : l.en || l.zh) || fallback;
  const val = (f: FlowField | undefined, v: unknown) => {
    const o = f?.options.find((x) => x.value === String(v));
    return o ? `“${label(o.label, o.value)}”` : typeof v === 'string' ? `“${v}”` : String(v);
  };
  const one = (r: Rule | RuleGroup): string => {
    if (isGroup(r)) {
      const inner = r.rules.map(one).join(w[r.combinator === 'or' ? 'or' : 'and']);
      const body = r.rules.length > 1 ? `(${inner})` : inner;
      return r.not ? `${w.not} ${body}` : body;
    }
    const f = fields.find((x) => x.key === r.field);
    const name = f ? label(f.label, f.key) : r.field;
    if (r.operator === 'null' || r.operator === 'notNull') return `${name} ${w[r.operator]}`;
    if (r.operator === 'in' || r.operator === 'notIn') return `${name} ${w[r.operator]} ${listOf(r.value).map((x) => val(f, x)).join(lang === 'zh' ? '、' : ', ')}`;
    return `${name} ${w[r.operator] ?? r.operator} ${val(f, r.value)}`;
  };
  const top = g.rules.map(one).join(w[g.combinator === 'or' ? 'or' : 'and']);
  return g.not ? `${w.not} (${top})` : top;
}
