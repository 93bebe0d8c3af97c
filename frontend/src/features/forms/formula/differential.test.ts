import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../../../shared/api/types';
import { computeFormulas } from './compute';
import type { WorkCalendar } from './functions';

/**
 * The formula differential test: builder/form's TestFormulaFixture compiles forms whose
 * formula fields use every operator and function of the formula language, prepares records
 * with the server's write path (in UTC, Shanghai and New York, with and without a business
 * calendar) and writes the formula values it stored; the browser's evaluator must compute the
 * same values from the same records.
 */
interface Fixture {
  forms: JsonSchema[];
  envs: { now: string; timeZone: string; calendar: WorkCalendar | null }[];
  cases: { form: number; record: Record<string, unknown>; want: Record<string, unknown> }[];
}

const fixture = JSON.parse(readFileSync(new URL('./testdata/formulas.json', import.meta.url), 'utf8')) as Fixture;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** formulaValues keeps what the fixture holds: formula fields, and the rows' formula columns. */
function formulaValues(schema: JsonSchema, rec: Record<string, unknown>): Record<string, unknown> {
  const props = schema.properties as Record<string, JsonSchema>;
  const isFormula = (p: JsonSchema | undefined) => (p?.['x-formloom'] as { type?: string } | undefined)?.type === 'formula';
  const out: Record<string, unknown> = {};
  for (const [k, p] of Object.entries(props)) if (k in rec && isFormula(p)) out[k] = rec[k];
  const rowProps = (props.items!.items as JsonSchema).properties as Record<string, JsonSchema>;
  if (Array.isArray(rec.items)) {
    out.items = rec.items.map((row) => (isObj(row) ? Object.fromEntries(Object.entries(row).filter(([k]) => isFormula(rowProps[k]))) : {}));
  }
  return out;
}

// JSON has no -0: the server's "-0" and the browser's 0 are the same value.
const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (_k, x: unknown) => (Object.is(x, -0) ? 0 : x)));

describe('browser and server formulas agree', () => {
  it('on every operator and function, over many records', () => {
    expect(fixture.cases.length).toBeGreaterThanOrEqual(1000);
    const exprs = new Set<string>();
    for (const f of fixture.forms) {
      for (const p of Object.values(f.properties as Record<string, JsonSchema>)) {
        const expr = (p['x-formloom'] as { expr?: string } | undefined)?.expr;
        if (expr) exprs.add(expr);
      }
    }
    for (const fn of ['SUM', 'AVG', 'MIN', 'MAX', 'COUNT', 'ROUND', 'IF', 'CONCAT', 'LEN', 'UPPER', 'LOWER', 'TODAY', 'NOW', 'DATEDIF', 'DATEADD', 'NETWORKDAYS', 'WORKDAY']) {
      expect([...exprs].some((e) => e.includes(`${fn}(`)), fn).toBe(true);
    }
  });

  it('give the same values for every record', () => {
    const disagreements: string[] = [];
    for (const [i, c] of fixture.cases.entries()) {
      const schema = fixture.forms[c.form]!;
      const env = fixture.envs[c.form]!;
      const { record, serverOnly } = computeFormulas(schema, c.record, { now: new Date(env.now), timeZone: env.timeZone, calendar: env.calendar });
      const got = sortKeys(plain(formulaValues(schema, record)));
      const want = plain(c.want);
      if (serverOnly.length > 0 || JSON.stringify(got) !== JSON.stringify(sortKeys(want))) {
        disagreements.push(`case ${i} (form ${c.form}, ${env.timeZone}) ${JSON.stringify(c.record)}:\n  server  ${JSON.stringify(sortKeys(want))}\n  browser ${JSON.stringify(got)} ${serverOnly.join(' ')}`);
      }
    }
    expect(disagreements.slice(0, 5)).toEqual([]);
  });
});

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (!isObj(v)) return v;
  return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]));
}
