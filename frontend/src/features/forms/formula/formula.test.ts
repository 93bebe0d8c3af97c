import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../../../shared/api/types';
import { computeFormulas } from './compute';
import { evaluate } from './evaluate';
import type { FormulaEnv, Value } from './functions';
import { FormulaSyntaxError, parseFormula } from './parse';

const env: FormulaEnv = { now: new Date('2026-12-04T20:30:00Z'), timeZone: 'Asia/Shanghai', calendar: null };
const run = (src: string, vars: Record<string, Value> = {}, e: FormulaEnv = env) =>
  evaluate(parseFormula(src), (n) => vars[n], e, e.timeZone ?? 'UTC');

describe('formula grammar and operators', () => {
  it('follows the server\'s precedence and associativity', () => {
    expect(run('1 + 2 * 3')).toBe(7n);
    expect(run('-2 ** 2')).toBe(-4);
    expect(run('2 ** 3 ** 2')).toBe(512);
    expect(run('not true == false')).toBe(true);
    expect(run('1 < 2 ? "a" : "b"')).toBe('a');
    expect(run('false ? 1 : true ? 2 : 3')).toBe(2n);
    expect(run('7 / 2')).toBe(3.5);
    expect(run('7 % 3')).toBe(1n);
    expect(run('nil ?? 4')).toBe(4n);
    expect(run('"b" in ["a", "b"] && "c" not in ["a"]')).toBe(true);
  });

  it('fails where the server\'s formula gives no value', () => {
    expect(() => run('"a" + 1')).toThrow();
    expect(() => run('x % 2', { x: 5 })).toThrow();
    expect(() => run('[1][3]')).toThrow();
    expect(() => run('1 and true')).toThrow();
    expect(run('qty / 0', { qty: 3 })).toBe(Infinity);
  });

  it('refuses what it cannot read', () => {
    expect(() => parseFormula('1 +')).toThrow(FormulaSyntaxError);
    expect(() => parseFormula('"open')).toThrow(FormulaSyntaxError);
    expect(() => parseFormula('a.b()')).toThrow(FormulaSyntaxError);
  });

  it('computes the functions as the server does', () => {
    expect(run('ROUND(1.005, 2)')).toBe(1.01);
    expect(run('ROUND(-2.5, 0)')).toBe(-3);
    expect(run('SUM(1, [2, "x", 3.5])')).toBe(6.5);
    expect(run('AVG()')).toBe(null);
    expect(run('CONCAT("a", 1e21, 0.0000001, true)')).toBe('a10000000000000000000000.0000001true');
    expect(run('LEN("张三")')).toBe(2);
    expect(run('UPPER("straße")')).toBe('STRAßE');
    expect(run('DATEDIF("2026-01-31", "2026-03-01", "m")')).toBe(1);
    expect(run('DATEADD("2026-01-31", 1, "m")')).toBe('2026-02-28');
    expect(run('TODAY()')).toBe('2026-12-05');
    expect(run('NOW()')).toBe('2026-12-04T20:30:00.000Z');
  });

  it('counts working days on the workspace calendar: Fri 4 – Tue 8 Dec with Monday a holiday is 2 days', () => {
    const cal: FormulaEnv = { ...env, calendar: { holidays: ['2026-12-07'] } };
    expect(run('NETWORKDAYS("2026-12-04", "2026-12-08")', {}, cal)).toBe(2);
    expect(run('NETWORKDAYS("2026-12-04", "2026-12-08")')).toBe(3);
    expect(run('WORKDAY("2026-12-04", 1)', {}, cal)).toBe('2026-12-08');
  });
});

describe('computeFormulas', () => {
  const f = (typ: string, expr: string, extra: Record<string, unknown> = {}): JsonSchema => ({ type: typ, readOnly: true, 'x-formloom': { type: 'formula', expr, ...extra } });
  const schema: JsonSchema = {
    type: 'object',
    properties: {
      total: f('number', 'SUM(items.amount)', { precision: 2 }),
      taxed: f('number', 'ROUND(total * 1.13, 2)'),
      days: f('number', 'NETWORKDAYS(start, end)'),
      start: { type: 'string', format: 'date', 'x-formloom': { type: 'date' } },
      end: { type: 'string', format: 'date', 'x-formloom': { type: 'date' } },
      items: {
        type: 'array',
        'x-formloom': { type: 'subform' },
        items: { type: 'object', properties: { qty: { type: 'number' }, price: { type: 'number' }, amount: f('number', 'qty * price') } },
      },
    },
  };

  it('fills row formulas, then the formulas over them, without changing the record it is given', () => {
    const rec = { items: [{ qty: 2, price: 19.99 }, { qty: 1 }], start: '2026-12-04', end: '2026-12-08' };
    const out = computeFormulas(schema, rec, env);
    expect(out.record).toMatchObject({ total: 39.98, taxed: 45.18, days: 3, items: [{ amount: 39.98 }, { amount: 0 }] });
    expect(out.serverOnly).toEqual([]);
    expect(rec.items[0]).not.toHaveProperty('amount');
  });

  it('leaves working-day formulas to the server when the calendar is not known', () => {
    const out = computeFormulas(schema, { start: '2026-12-04', end: '2026-12-08' }, { now: env.now });
    expect(out.serverOnly).toEqual(['days']);
    expect(out.record).not.toHaveProperty('days');
  });

  it('leaves formulas over a lookup, and the formulas over those, to the server', () => {
    const withLookup: JsonSchema = {
      type: 'object',
      properties: {
        level: { type: 'string', readOnly: true, 'x-formloom': { type: 'lookup' } },
        tag: f('string', 'CONCAT(level, "!")'),
        tagged: f('string', 'tag + "?"'),
        plain: f('number', '1 + 1'),
      },
    };
    const out = computeFormulas(withLookup, {}, env);
    expect(out.serverOnly.sort()).toEqual(['tag', 'tagged']);
    expect(out.record).toEqual({ plain: 2 });
  });
});
