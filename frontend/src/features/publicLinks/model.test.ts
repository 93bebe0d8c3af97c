import { describe, expect, it } from 'vitest';
import type { FormDef, PipelineDef } from '../../shared/api/types';
import { defaultExposed, linkFields, publicFormUrl, publicStatusUrl, sameFields, statusKey, statusValue } from './model';

const form: FormDef = {
  key: 'lead',
  name: 'Lead',
  schema: {
    type: 'object',
    properties: {
      no: { type: 'string', readOnly: true, 'x-formloom': { type: 'serial', label: { en: 'No.' } } },
      subject: { type: 'string', 'x-formloom': { type: 'text', label: { en: 'Subject', 'zh-CN': '事项' } } },
      budget: { type: 'number', 'x-formloom': { type: 'money', label: { en: 'Budget' } } },
      score: { type: 'number', 'x-formloom': { type: 'formula', label: { en: 'Score' } } },
      owner: { type: 'string', 'x-formloom': { type: 'member', label: { en: 'Owner' } } },
    },
  },
  ui: { order: ['owner', 'subject'] },
};

const pipeline: PipelineDef = {
  key: 'p',
  form: 'lead',
  nodes: [
    { key: 'start', type: 'start', fields: { subject: 'required', budget: 'edit', owner: 'read' } },
    { key: 'end', type: 'end' },
  ],
};

describe('public link fields', () => {
  it('offers every field a visitor could fill, in the form order, by label', () => {
    expect(linkFields(form, 'zh-CN')).toEqual([
      { key: 'owner', label: 'Owner' },
      { key: 'subject', label: '事项' },
      { key: 'budget', label: 'Budget' },
    ]);
  });

  it('exposes the start step’s editable fields by default, all fillable fields without a pipeline', () => {
    expect(defaultExposed(form, [pipeline])).toEqual(['subject', 'budget']);
    expect(defaultExposed(form, [])).toEqual(['owner', 'subject', 'budget']);
    expect(defaultExposed(form, [{ ...pipeline, nodes: [{ key: 's', type: 'start', fields: { owner: 'read' } }] }])).toEqual(['owner', 'subject', 'budget']);
  });

  it('compares lists regardless of order', () => {
    expect(sameFields(['a', 'b'], ['b', 'a'])).toBe(true);
    expect(sameFields(['a'], ['a', 'b'])).toBe(false);
  });
});

describe('visitor pages', () => {
  it('builds the form and status addresses from a token', () => {
    expect(publicFormUrl('https://x.test', 'a/b')).toBe('https://x.test/public/forms/a%2Fb');
    expect(publicStatusUrl('https://x.test', 'tok')).toBe('https://x.test/public/status/tok');
  });

  it('names known statuses and renders values as text', () => {
    expect(statusKey('running')).toBe('running');
    expect(statusKey('strange')).toBeUndefined();
    expect(statusValue(['a', 'b'])).toBe('a, b');
    expect(statusValue(null)).toBe('');
    expect(statusValue(3)).toBe('3');
  });
});
