import type { RJSFSchema } from '@rjsf/utils';
import { describe, expect, it } from 'vitest';
import { createSchemaValidator } from './schemaValidator';

const schema: RJSFSchema = {
  type: 'object',
  required: ['title', 'amount'],
  properties: {
    title: { type: 'string', maxLength: 5 },
    amount: { type: 'number', minimum: 0 },
    type: { type: 'string', enum: ['sales', 'purchase'] },
    items: { type: 'array', items: { type: 'object', properties: { qty: { type: 'integer', minimum: 1 } } } },
  },
};

describe('createSchemaValidator', () => {
  it('reports each failing field at its path, in the UI language', () => {
    let lang = 'en';
    const v = createSchemaValidator(() => lang);
    const res = v.validateFormData({ title: 'Too long', type: 'other', items: [{ qty: 1 }, { qty: 0 }] }, schema);
    expect(res.errorSchema).toEqual({
      title: { __errors: ['The text is too long.'] },
      amount: { __errors: ['This field is required.'] },
      type: { __errors: ['Choose one of the options.'] },
      items: { 1: { qty: { __errors: ['Must be at least 1.'] } } },
    });
    expect(res.errors.map((e) => e.property).sort()).toEqual(['.amount', '.items.1.qty', '.title', '.type']);
    lang = 'zh-CN';
    expect(v.validateFormData({ title: 'ok', amount: 1 }, { ...schema, required: ['title', 'amount', 'type'] }).errorSchema).toEqual({
      type: { __errors: ['此项为必填项。'] },
    });
  });

  it('accepts valid data and answers isValid without compiling code', () => {
    const v = createSchemaValidator();
    expect(v.validateFormData({ title: 'Acme', amount: 10, type: 'sales' }, schema).errors).toEqual([]);
    expect(v.isValid(schema, { title: 'Acme', amount: 1 }, schema)).toBe(true);
    expect(v.isValid(schema, { title: 'Acme' }, schema)).toBe(false);
  });
});

describe('required text', () => {
  it('is missing when blank after trimming, as on the server, in rows too', () => {
    const schema = {
      type: 'object',
      required: ['title'],
      properties: {
        title: { type: 'string' },
        items: { type: 'array', items: { type: 'object', required: ['sku'], properties: { sku: { type: 'string' } } } },
      },
    };
    const v = createSchemaValidator();
    const { errors } = v.validateFormData({ title: '  ', items: [{ sku: 'a' }, { sku: ' ' }] }, schema as never);
    expect(errors.map((e) => e.property).sort()).toEqual(['.items.1.sku', '.title']);
    expect(v.isValid(schema as never, { title: 'x', items: [{ sku: 'a' }] }, schema as never)).toBe(true);
  });
});
