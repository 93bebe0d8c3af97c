import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FormDef, JsonSchema } from '../../shared/api/types';
import { toRjsf } from './schemaForm';
import { createSchemaValidator } from './schemaValidator';
import { dropHidden } from './visibility';
import type { RJSFSchema } from '@rjsf/utils';

/**
 * The differential test: builder/form's TestDifferentialFixture generates (form, record)
 * pairs across the field types and the form-level keywords the format allows, with the
 * server's verdict and the pointers of its errors; the browser's validator, run on the
 * schema the browser builds from the same form, must give the same verdict and pointers.
 */
interface Fixture {
  forms: JsonSchema[];
  /** Each form's ui (null: none): its show-when conditions, which both sides apply. */
  ui: (FormDef['ui'] | null)[];
  cases: { form: number; record: Record<string, unknown>; valid: boolean; pointers: string[]; serverOnly: string[] }[];
}

const fixture = JSON.parse(readFileSync(new URL('./testdata/differential.json', import.meta.url), 'utf8')) as Fixture;

describe('browser and server validators agree', () => {
  it('on at least 5,000 (form, record) pairs', () => {
    expect(fixture.cases.length).toBeGreaterThanOrEqual(5000);
  });

  it('including forms with show-when conditions on fields and sub-form columns', () => {
    const conditional = fixture.ui.filter((ui) => ui?.fields && Object.keys(ui.fields).some((k) => k.includes('.')));
    expect(conditional.length).toBeGreaterThanOrEqual(10);
  });

  it('including required-when rules in sub-form rows and on fields a show-when may hide', () => {
    const rowRules = fixture.forms.filter((f) => {
      const items = (f.properties?.items as JsonSchema | undefined)?.items;
      return Array.isArray(items?.allOf) && items.allOf.length > 0;
    });
    expect(rowRules.length).toBeGreaterThanOrEqual(5);
    const hiddenRequired = fixture.forms.filter((f, i) => Array.isArray(f.allOf) && fixture.ui[i]?.fields?.day);
    expect(hiddenRequired.length).toBeGreaterThanOrEqual(2);
  });

  it('give the same verdict and pointers for every pair', { timeout: 60_000 }, () => {
    const validator = createSchemaValidator();
    const forms = fixture.forms.map((schema, i) => {
      const def: FormDef = { key: 'f', name: { en: 'f' }, schema, ui: fixture.ui[i] ?? undefined };
      return toRjsf(def, { language: 'en' });
    });
    const schemas = forms.map((f) => f.schema as RJSFSchema);
    const disagreements: string[] = [];
    for (const [i, c] of fixture.cases.entries()) {
      // The form sends what its show-when conditions leave, as SchemaForm does.
      const { errors } = validator.validateFormData(dropHidden(forms[c.form]!.visible, c.record), schemas[c.form]!);
      const pointers = [...new Set(errors.map((e) => (e.property ?? '').split('.').join('/')))].sort();
      const valid = errors.length === 0;
      // What only the server decides reaches the field from the record check (serverVerdicts).
      const expected = c.pointers.filter((p) => !c.serverOnly.includes(p));
      if (valid !== (expected.length === 0) || JSON.stringify(pointers) !== JSON.stringify(expected)) {
        disagreements.push(`case ${i} (form ${c.form}) ${JSON.stringify(c.record)}: server ${c.valid} ${c.pointers.join(' ')} / browser ${valid} ${pointers.join(' ')}`);
      }
    }
    expect(disagreements.slice(0, 10)).toEqual([]);
  });
});
