/**
 * The formula language's grammar (the expression language the server compiles formulas with,
 * builder/form/formula.go), read into a tree without generating code: the server's
 * Content-Security-Policy forbids eval and new Function. Only what formulas may use is read:
 * literals, field names, a.b and a[i], arrays, unary and binary operators, a ? b : c and calls
 * of the formula functions. Operator precedence is the server's.
 */

export type Node =
  | { kind: 'num'; value: number | bigint }
  | { kind: 'str'; value: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'nil' }
  | { kind: 'ident'; name: string }
  | { kind: 'member'; object: Node; property: Node; optional: boolean }
  | { kind: 'slice'; object: Node; from?: Node; to?: Node }
  | { kind: 'array'; items: Node[] }
  | { kind: 'unary'; op: string; operand: Node }
  | { kind: 'binary'; op: string; left: Node; right: Node }
  | { kind: 'cond'; test: Node; then: Node; else: Node }
  | { kind: 'call'; name: string; args: Node[] };

/** FormulaSyntaxError is a formula the grammar cannot read. */
export class FormulaSyntaxError extends Error {}

type Tok = { t: 'num' | 'str' | 'name' | 'op' | 'eof'; v: string; n?: number | bigint };

// Binary operators: precedence, and right associativity for powers.
const BINARY: Record<string, { p: number; right?: boolean }> = {
  or: { p: 10 }, '||': { p: 10 }, and: { p: 15 }, '&&': { p: 15 },
  '==': { p: 20 }, '!=': { p: 20 }, '<': { p: 20 }, '>': { p: 20 }, '<=': { p: 20 }, '>=': { p: 20 },
  in: { p: 20 }, 'not in': { p: 20 }, matches: { p: 20 }, contains: { p: 20 }, startsWith: { p: 20 }, endsWith: { p: 20 },
  '..': { p: 25 }, '+': { p: 30 }, '-': { p: 30 }, '*': { p: 60 }, '/': { p: 60 }, '%': { p: 60 },
  '**': { p: 100, right: true }, '^': { p: 100, right: true }, '??': { p: 500 },
};
const UNARY: Record<string, number> = { not: 50, '!': 50, '-': 90, '+': 90 };
const WORD_OPS = new Set(['and', 'or', 'not', 'in', 'matches', 'contains', 'startsWith', 'endsWith']);
const PUNCT = ['**', '??', '?.', '==', '!=', '<=', '>=', '&&', '||', '..', '+', '-', '*', '/', '%', '^', '<', '>', '!', '?', ':', '.', ',', '(', ')', '[', ']'];

const ESC: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'", b: '\b', f: '\f', v: '\v', a: '\x07', '0': '\0' };

function readString(src: string, i: number): [string, number] {
  const q = src[i]!;
  let out = '';
  i++;
  while (i < src.length && src[i] !== q) {
    let c = src[i]!;
    if (c === '\\' && q !== '`') {
      const e = src[i + 1] ?? '';
      if (e === 'u' || e === 'x' || e === 'U') {
        const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
        const hex = src.slice(i + 2, i + 2 + len);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) throw new FormulaSyntaxError('bad escape');
        c = String.fromCodePoint(parseInt(hex, 16));
        i += 2 + len;
      } else if (e in ESC) {
        c = ESC[e]!;
        i += 2;
      } else throw new FormulaSyntaxError('bad escape');
      out += c;
      continue;
    }
    out += c;
    i++;
  }
  if (i >= src.length) throw new FormulaSyntaxError('unterminated string');
  return [out, i + 1];
}

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      const m = /^(0[xX][0-9a-fA-F_]+|[0-9_]*\.?[0-9_]*(?:[eE][+-]?[0-9_]+)?)/.exec(src.slice(i))!;
      let text = m[0];
      // "1..3" is a range, not the number "1.": leave the dots to the operator.
      if (text.endsWith('.') && src[i + text.length] === '.') text = text.slice(0, -1);
      const plain = text.replace(/_/g, '');
      const isFloat = !/^0[xX]/.test(plain) && /[.eE]/.test(plain);
      const n: number | bigint = isFloat ? Number(plain) : BigInt(plain);
      if (isFloat && Number.isNaN(n)) throw new FormulaSyntaxError(`bad number ${text}`);
      out.push({ t: 'num', v: text, n });
      i += text.length;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      const [s, next] = readString(src, i);
      out.push({ t: 'str', v: s });
      i = next;
      continue;
    }
    if (/[\p{L}_$]/u.test(c)) {
      const m = /^[\p{L}\p{N}_$]+/u.exec(src.slice(i))!;
      out.push({ t: WORD_OPS.has(m[0]) ? 'op' : 'name', v: m[0] });
      i += m[0].length;
      continue;
    }
    const p = PUNCT.find((x) => src.startsWith(x, i));
    if (!p) throw new FormulaSyntaxError(`unexpected ${c}`);
    out.push({ t: 'op', v: p });
    i += p.length;
  }
  out.push({ t: 'eof', v: '' });
  return out;
}

class Parser {
  private at = 0;
  constructor(private readonly toks: Tok[]) {}

  private peek(): Tok {
    return this.toks[this.at]!;
  }
  private next(): Tok {
    return this.toks[this.at++]!;
  }
  private isOp(v: string): boolean {
    const t = this.peek();
    return t.t === 'op' && t.v === v;
  }
  private expect(v: string): void {
    if (!this.isOp(v)) throw new FormulaSyntaxError(`expected ${v}`);
    this.at++;
  }

  parseAll(): Node {
    const n = this.expression(0);
    if (this.peek().t !== 'eof') throw new FormulaSyntaxError(`unexpected ${this.peek().v}`);
    return n;
  }

  private expression(min: number): Node {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      if (t.t !== 'op') break;
      let op = t.v;
      let width = 1;
      if (op === 'not' && this.toks[this.at + 1]?.t === 'op' && this.toks[this.at + 1]!.v === 'in') {
        op = 'not in';
        width = 2;
      }
      const b = BINARY[op];
      if (!b || b.p < min) break;
      this.at += width;
      const right = this.expression(b.right ? b.p : b.p + 1);
      left = { kind: 'binary', op, left, right };
    }
    if (min === 0 && this.isOp('?')) {
      this.at++;
      const then = this.expression(0);
      this.expect(':');
      const otherwise = this.expression(0);
      left = { kind: 'cond', test: left, then, else: otherwise };
    }
    return left;
  }

  private unary(): Node {
    const t = this.peek();
    if (t.t === 'op' && t.v in UNARY) {
      this.at++;
      const operand = this.expression(UNARY[t.v]!);
      return this.postfix({ kind: 'unary', op: t.v, operand });
    }
    return this.postfix(this.primary());
  }

  private primary(): Node {
    const t = this.next();
    switch (t.t) {
      case 'num':
        return { kind: 'num', value: t.n! };
      case 'str':
        return { kind: 'str', value: t.v };
      case 'name':
        if (t.v === 'true' || t.v === 'false') return { kind: 'bool', value: t.v === 'true' };
        if (t.v === 'nil') return { kind: 'nil' };
        if (this.isOp('(')) {
          this.at++;
          const args: Node[] = [];
          while (!this.isOp(')')) {
            args.push(this.expression(0));
            if (!this.isOp(',')) break;
            this.at++;
          }
          this.expect(')');
          return { kind: 'call', name: t.v, args };
        }
        return { kind: 'ident', name: t.v };
      case 'op':
        if (t.v === '(') {
          const inner = this.expression(0);
          this.expect(')');
          return inner;
        }
        if (t.v === '[') {
          const items: Node[] = [];
          while (!this.isOp(']')) {
            items.push(this.expression(0));
            if (!this.isOp(',')) break;
            this.at++;
          }
          this.expect(']');
          return { kind: 'array', items };
        }
    }
    throw new FormulaSyntaxError(`unexpected ${t.v || 'end'}`);
  }

  private postfix(node: Node): Node {
    for (;;) {
      if (this.isOp('.') || this.isOp('?.')) {
        const optional = this.next().v === '?.';
        const name = this.next();
        if (name.t !== 'name' && name.t !== 'op') throw new FormulaSyntaxError('expected a name');
        if (this.isOp('(')) throw new FormulaSyntaxError('methods cannot be called');
        node = { kind: 'member', object: node, property: { kind: 'str', value: name.v }, optional };
        continue;
      }
      if (this.isOp('[')) {
        this.at++;
        if (this.isOp(':')) {
          this.at++;
          const to = this.isOp(']') ? undefined : this.expression(0);
          this.expect(']');
          node = { kind: 'slice', object: node, to };
          continue;
        }
        const index = this.expression(0);
        if (this.isOp(':')) {
          this.at++;
          const to = this.isOp(']') ? undefined : this.expression(0);
          this.expect(']');
          node = { kind: 'slice', object: node, from: index, to };
          continue;
        }
        this.expect(']');
        node = { kind: 'member', object: node, property: index, optional: false };
        continue;
      }
      return node;
    }
  }
}

/** parseFormula reads a formula into its tree; a formula it cannot read throws FormulaSyntaxError. */
export function parseFormula(src: string): Node {
  return new Parser(tokenize(src)).parseAll();
}
