import { describe, expect, it } from 'vitest';
import type { FormDef } from '../../shared/api/types';
import { toRjsf } from '../forms/schemaForm';

describe('plain default values in the generated form', () => {
  it('keeps the JSON Schema default of a field, which the form fills into a new record', () => {
    const form = {
      key: 'purchase',
      name: { 'zh-CN': '采购' },
      schema: {
        type: 'object',
        properties: {
          qty: { type: 'number', default: 1, 'x-formloom': { type: 'number', label: { 'zh-CN': '数量' } } },
          grade: { type: 'string', 'x-formloom': { type: 'text', label: { 'zh-CN': '等级' }, linked: { form: 'vendor', match: [], value: 'level' } } },
        },
      },
    } as unknown as FormDef;
    const rjsf = toRjsf(form, { language: 'zh-CN', members: [], departments: [] });
    expect(rjsf.schema.properties?.qty?.default).toBe(1);
    // The linked default is the server's: nothing of it reaches the browser's validator.
    expect(JSON.stringify(rjsf.schema)).not.toContain('linked');
  });
});
