import type { CompletionContext, CompletionResult, CompletionSource } from '@codemirror/autocomplete';
import { pinyin } from 'pinyin-pro';
import type { FormulaName } from './model';

/**
 * How the formula editor shows field names: an admin who does not write code thinks in
 * labels (报销金额), the expression holds keys (baoXiaoJinE). The editor shows each key it
 * knows as its label and completes names by label, pinyin or key; the text stays the key.
 * The scanning follows the formula grammar's tokens (features/forms/formula/parse.ts) but
 * never fails: the formula is read while it is typed.
 */

/** A field name written in a formula: [from, to) holds name. */
export interface NameRange {
  from: number;
  to: number;
  name: string;
}

// Words the grammar reads as operators or literals, never as names.
const WORDS = new Set(['and', 'or', 'not', 'in', 'matches', 'contains', 'startsWith', 'endsWith', 'true', 'false', 'nil']);
const NAME = /[\p{L}\p{N}_$]+/uy;
const NAME_START = /[\p{L}_$]/u;
const NUMBER = /0[xX][0-9a-fA-F_]+|[0-9_]*\.?[0-9_]*(?:[eE][+-]?[0-9_]+)?/y;

/** stringEnd is where the string literal opening at i ends (after its quote), and whether it is closed (else it runs to the end). */
function stringEnd(expr: string, i: number): { end: number; closed: boolean } {
  const q = expr[i];
  let j = i + 1;
  while (j < expr.length) {
    if (expr[j] === q) return { end: j + 1, closed: true };
    j += expr[j] === '\\' && q !== '`' ? 2 : 1;
  }
  return { end: expr.length, closed: false };
}

function match(re: RegExp, expr: string, at: number): string {
  re.lastIndex = at;
  return re.exec(expr)?.[0] ?? '';
}

/**
 * nameRanges finds where expr reads a name of known: a field key ("qty"), or a sub-form's
 * column ("items.qty") as one range. Not names: what string literals hold, a function's name
 * (followed by "("), a member of some other value ("x.qty"), operator words.
 */
export function nameRanges(expr: string, known: ReadonlySet<string>): NameRange[] {
  const out: NameRange[] = [];
  // The last token read: after "." or "?." a name is a member, not a field.
  let afterDot = false;
  let i = 0;
  while (i < expr.length) {
    const c = expr[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      i = stringEnd(expr, i).end;
      afterDot = false;
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(expr[i + 1] ?? ''))) {
      let text = match(NUMBER, expr, i);
      // "1..3" is a range, not the number "1.".
      if (text.endsWith('.') && expr[i + text.length] === '.') text = text.slice(0, -1);
      // A name glued to a number ("2abc") is not one either.
      i += Math.max(text.length, 1);
      i += match(NAME, expr, i).length;
      afterDot = false;
      continue;
    }
    if (NAME_START.test(c)) {
      const word = match(NAME, expr, i);
      const end = i + word.length;
      const member = afterDot;
      afterDot = false;
      if (member || WORDS.has(word)) {
        i = end;
        continue;
      }
      // A sub-form's column reads as one name: "items.qty".
      const col = expr[end] === '.' && NAME_START.test(expr[end + 1] ?? '') ? match(NAME, expr, end + 1) : '';
      if (col !== '' && known.has(`${word}.${col}`)) {
        out.push({ from: i, to: end + 1 + col.length, name: `${word}.${col}` });
        i = end + 1 + col.length;
        continue;
      }
      const call = /^\s*\(/.test(expr.slice(end, end + 64));
      if (!call && known.has(word)) out.push({ from: i, to: end, name: word });
      i = end;
      continue;
    }
    const dots = expr.startsWith('..', i) ? 2 : 0; // a range, not a member
    afterDot = dots === 0 && (c === '.' || expr.startsWith('?.', i));
    i += dots || (expr.startsWith('?.', i) ? 2 : 1);
  }
  return out;
}

/** inString says whether position pos of expr is inside a string literal (no names to complete there). */
export function inString(expr: string, pos: number): boolean {
  let i = 0;
  while (i < pos && i < expr.length) {
    const c = expr[i]!;
    if (c === '"' || c === "'" || c === '`') {
      const { end, closed } = stringEnd(expr, i);
      if (pos < end || !closed) return true;
      i = end;
      continue;
    }
    i++;
  }
  return false;
}

/** A name as the editor shows and finds it. */
export interface NameEntry extends FormulaName {
  /** What the admin reads for it: the label, a column's with its sub-form's ("明细.单价"), else the key. */
  shown: string;
  /** Lowercase texts a typed word is looked for in: shown, key, shown's pinyin and initials. */
  search: string[];
}

const spell = (text: string, pattern: 'pinyin' | 'first') =>
  pinyin(text, { toneType: 'none', type: 'array', pattern, nonZh: 'consecutive', v: true }).join('').replace(/\s+/g, '').toLowerCase();

/** nameEntries makes the entries of a formula's names: what each shows and is found by. */
export function nameEntries(names: FormulaName[]): NameEntry[] {
  const labels = new Map(names.map((n) => [n.name, n.label]));
  return names.map((n) => {
    const dot = n.name.indexOf('.');
    const own = n.label || n.name.slice(dot + 1);
    const shown = dot > 0 ? `${labels.get(n.name.slice(0, dot)) || n.name.slice(0, dot)}.${own}` : n.label || n.name;
    const search = [shown.toLowerCase(), n.name.toLowerCase(), spell(shown, 'pinyin'), spell(shown, 'first')];
    return { ...n, shown, search };
  });
}

/**
 * matchNames lists the entries a typed word finds, best first: those whose label, key or
 * pinyin starts with it, then those that hold it ("金额" and "jine" find 报销金额); all of
 * them, in form order, for nothing typed.
 */
export function matchNames(entries: NameEntry[], typed: string): NameEntry[] {
  const q = typed.trim().toLowerCase();
  if (q === '') return entries;
  const rank = (e: NameEntry) => (e.search.some((s) => s.startsWith(q)) ? 0 : e.search.some((s) => s.includes(q)) ? 1 : 2);
  return entries
    .map((e, i) => ({ e, i, r: rank(e) }))
    .filter((x) => x.r < 2)
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.e);
}

/**
 * nameCompletions completes field names in the formula editor: found by label, pinyin or key
 * (matchNames, which also orders them, so CodeMirror's own filter is off), shown by label with
 * the key beside it, and inserted as the key. Nothing is offered inside a string literal.
 */
export function nameCompletions(entries: NameEntry[]): CompletionSource {
  return (ctx: CompletionContext): CompletionResult | null => {
    const word = ctx.matchBefore(/[\p{L}_$][\p{L}\p{N}_$.]*/u) ?? (ctx.explicit ? { from: ctx.pos, to: ctx.pos, text: '' } : null);
    if (!word || inString(ctx.state.sliceDoc(0, ctx.pos), ctx.pos)) return null;
    const options = matchNames(entries, word.text).map((n) => ({ label: n.shown, detail: n.name, apply: n.name, type: 'variable' }));
    return options.length > 0 ? { from: word.from, options, filter: false } : null;
  };
}
