/**
 * Serial number patterns (docs/template-format.md): `{yyyy}`, `{yy}`, `{MM}`, `{dd}` are the
 * allocation date and exactly one `{seq:N}` (N 1–12) the sequence number padded to N digits;
 * anything else is literal text. The designer builds the common shape — a prefix, a date part
 * and the number, "XS-{yyyy}-{seq:6}" — from three controls and reads such patterns back; any
 * other valid pattern is shown as it is and only replaced when the designer asks.
 */

/** The date parts the designer offers ('' is none). */
export const DATE_PARTS = ['', '{yyyy}', '{yyyy}{MM}', '{yyyy}{MM}{dd}', '{yy}{MM}{dd}'] as const;
export type DatePart = (typeof DATE_PARTS)[number];

/** What the serial panel's controls hold. */
export interface SerialParts {
  prefix: string;
  date: DatePart;
  digits: number;
}

export const MIN_DIGITS = 1;
export const MAX_DIGITS = 12;

/** A new serial field's parts: "NO-{yyyy}-{seq:6}". */
export const DEFAULT_PARTS: SerialParts = { prefix: 'NO-', date: '{yyyy}', digits: 6 };

/** buildPattern writes parts as a pattern: prefix, then the date part and "-", then {seq:N}. */
export function buildPattern(p: SerialParts): string {
  return `${p.prefix}${p.date === '' ? '' : `${p.date}-`}{seq:${p.digits}}`;
}

/** prefixOk: the prefix is literal text, so it may not hold braces. */
export function prefixOk(prefix: string): boolean {
  return !/[{}]/.test(prefix);
}

/** parsePattern reads a pattern the controls can show back into them; undefined for any other pattern. */
export function parsePattern(pattern: string): SerialParts | undefined {
  const m = /^([^{}]*?)((?:\{(?:yyyy|yy|MM|dd)\})+-)?\{seq:(\d{1,2})\}$/.exec(pattern);
  if (!m) return undefined;
  const date = (m[2] ?? '').replace(/-$/, '');
  const digits = Number(m[3]);
  if (!(DATE_PARTS as readonly string[]).includes(date) || digits < MIN_DIGITS || digits > MAX_DIGITS) return undefined;
  const parts: SerialParts = { prefix: m[1] ?? '', date: date as DatePart, digits };
  // Only patterns the controls write back unchanged are theirs.
  return buildPattern(parts) === pattern ? parts : undefined;
}

type Token = { lit: string } | { token: 'yyyy' | 'yy' | 'MM' | 'dd' } | { seq: number };

/** tokens splits a pattern as the server does (builder/form/serial.go); undefined when the server refuses it. */
function tokens(pattern: string): Token[] | undefined {
  const out: Token[] = [];
  let seqs = 0;
  let rest = pattern;
  while (rest !== '') {
    const open = rest.search(/[{}]/);
    if (open < 0) {
      out.push({ lit: rest });
      break;
    }
    if (rest[open] === '}') return undefined;
    if (open > 0) out.push({ lit: rest.slice(0, open) });
    const end = rest.indexOf('}', open);
    if (end < 0) return undefined;
    const tok = rest.slice(open + 1, end);
    rest = rest.slice(end + 1);
    if (tok === 'yyyy' || tok === 'yy' || tok === 'MM' || tok === 'dd') out.push({ token: tok });
    else if (/^seq:\d+$/.test(tok) && Number(tok.slice(4)) >= MIN_DIGITS && Number(tok.slice(4)) <= MAX_DIGITS) {
      out.push({ seq: Number(tok.slice(4)) });
      seqs++;
    } else return undefined;
  }
  return seqs === 1 ? out : undefined;
}

/** patternOk tells whether the server accepts a pattern (exactly one {seq:N}, known tokens only). */
export function patternOk(pattern: string): boolean {
  return tokens(pattern) !== undefined;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** preview renders the number a pattern gives for sequence seq on date at; '' for a pattern the server refuses. */
export function preview(pattern: string, at: Date, seq = 1): string {
  const ts = tokens(pattern);
  if (!ts) return '';
  return ts
    .map((t) => {
      if ('lit' in t) return t.lit;
      if ('seq' in t) return pad(seq, t.seq);
      if (t.token === 'yyyy') return pad(at.getFullYear(), 4);
      if (t.token === 'yy') return pad(at.getFullYear() % 100, 2);
      if (t.token === 'MM') return pad(at.getMonth() + 1, 2);
      return pad(at.getDate(), 2);
    })
    .join('');
}
