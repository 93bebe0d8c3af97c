import { describe, expect, it } from 'vitest';
import { ApiClient } from '../../shared/api/client';
import { Api } from '../../shared/api/endpoints';
import { isApiError } from '../../shared/api/errors';
import type { FormDef, JsonSchema } from '../../shared/api/types';
import { apiError, json, mockFetch } from '../../shared/test/mockFetch';
import { displayValue, recordTitle, toErrorSchema, toRjsf } from './schemaForm';

const contract: FormDef = {
  key: 'contract',
  name: { 'zh-CN': '合同', en: 'Contract' },
  schema: {
    type: 'object',
    'x-formloom': { type: 'form' },
    required: ['title', 'type', 'amount'],
    properties: {
      contractNo: { type: 'string', readOnly: true, 'x-formloom': { type: 'serial', label: { en: 'Contract number' } } },
      title: { type: 'string', maxLength: 200, 'x-formloom': { type: 'text', label: { 'zh-CN': '合同名称', en: 'Title' } } },
      type: {
        type: 'string',
        enum: ['sales', 'purchase'],
        'x-formloom': {
          type: 'select',
          label: { 'zh-CN': '合同类型', en: 'Type' },
          options: [
            { value: 'sales', label: { 'zh-CN': '销售合同', en: 'Sales' } },
            { value: 'purchase', label: { 'zh-CN': '采购合同', en: 'Purchase' } },
          ],
        },
      },
      amount: { type: 'number', minimum: 0, 'x-formloom': { type: 'money', label: { en: 'Amount' }, precision: 2 } },
      applicant: { type: 'string', 'x-formloom': { type: 'member', label: { en: 'Applicant' } } },
      summary: { type: 'string', 'x-formloom': { type: 'textarea', label: { en: 'Main terms' } } },
      attachments: { type: 'array', items: { type: 'string' }, 'x-formloom': { type: 'attachment' } },
      items: {
        type: 'array',
        'x-formloom': { type: 'subform', label: { en: 'Items' } },
        items: {
          type: 'object',
          properties: { qty: { type: 'integer', 'x-formloom': { type: 'number', label: { en: 'Qty' } } } },
        },
      },
    },
  },
  ui: { order: ['contractNo', 'title', 'type', 'amount', 'applicant', 'summary', 'attachments', 'items'] },
};

const hasExtension = (v: unknown): boolean =>
  typeof v === 'object' && v !== null && Object.entries(v).some(([k, x]) => k.startsWith('x-') || hasExtension(x));

describe('toRjsf', () => {
  const members = [{ value: 'u1', label: 'Ann Lee' }];

  it('renders labels, options and members in the UI language, without server-owned fields', () => {
    const f = toRjsf(contract, { language: 'zh-CN', members });
    expect(f.fields).toEqual(['title', 'type', 'amount', 'applicant', 'summary', 'items']);
    const p = f.schema.properties!;
    expect(p.title!.title).toBe('合同名称');
    expect(p.amount!.title).toBe('Amount'); // no Chinese label: English
    expect(p.type!.enum).toEqual(['sales', 'purchase']);
    expect(f.uiSchema.type).toEqual({ 'ui:enumNames': ['销售合同', '采购合同'] });
    expect(p.applicant!.enum).toEqual(['u1']);
    expect(f.uiSchema.applicant).toEqual({ 'ui:enumNames': ['Ann Lee'] });
    expect(f.schema.required).toEqual(['title', 'type', 'amount']);
    expect(f.uiSchema.summary).toEqual({ 'ui:widget': 'textarea' });
    expect(f.uiSchema['ui:order']).toEqual([...f.fields, '*']);
    expect(hasExtension(f.schema)).toBe(false);
    expect((p.items!.items as { properties: Record<string, { title: string }> }).properties.qty!.title).toBe('Qty');
  });

  it("puts each member's departments beside her name, in the order of the choices", () => {
    const two = [
      { value: 'u1', label: '王磊', desc: '销售部' },
      { value: 'u2', label: '王磊' },
    ];
    const f = toRjsf(contract, { language: 'zh-CN', members: two });
    expect(f.uiSchema.applicant).toEqual({ 'ui:enumNames': ['王磊', '王磊'], 'ui:options': { descriptions: ['销售部', ''] } });
  });

  it('picks relations with the relation widget in the app, one record or several, and leaves them out of public forms', () => {
    const order: FormDef = {
      key: 'order',
      name: 'Order',
      schema: {
        type: 'object',
        properties: {
          customer: { type: 'string', 'x-formloom': { type: 'relation', form: 'customer', label: { en: 'Customer' } } },
          leads: { type: 'array', items: { type: 'string' }, 'x-formloom': { type: 'relation', form: 'lead', multiple: true } },
        },
      },
    };
    const f = toRjsf(order, { language: 'en', records: { ws: 'w1', app: 'a1' } });
    expect(f.fields).toEqual(['customer', 'leads']);
    expect(f.uiSchema.customer).toEqual({ 'ui:widget': 'RelationWidget', 'ui:options': { relation: { ws: 'w1', app: 'a1', form: 'customer' } } });
    expect((f.uiSchema.leads as Record<string, unknown>)['ui:options']).toEqual({ relation: { ws: 'w1', app: 'a1', form: 'lead' } });
    expect(toRjsf(order, { language: 'en' }).fields).toEqual([]);
  });

  it('uploads attachments with their own widget where the form says where files go, and leaves them out elsewhere', () => {
    const ticket: FormDef = {
      key: 'ticket',
      name: 'Ticket',
      schema: {
        type: 'object',
        properties: {
          photos: { type: 'array', items: { type: 'string' }, 'x-formloom': { type: 'attachment', maxCount: 3, maxSize: 2048, accept: ['image/*'] } },
          rows: {
            type: 'array',
            items: { type: 'object', properties: { scan: { type: 'array', items: { type: 'string' }, 'x-formloom': { type: 'attachment' } } } },
            'x-formloom': { type: 'subform' },
          },
        },
      },
    };
    const f = toRjsf(ticket, { language: 'en', files: { ws: 'w1', app: 'a1', form: 'ticket', record: 'r1' } });
    expect(f.fields).toEqual(['photos', 'rows']);
    expect(f.uiSchema.photos).toEqual({
      'ui:widget': 'AttachmentWidget',
      'ui:options': { files: { ws: 'w1', app: 'a1', form: 'ticket', record: 'r1', field: 'photos', accept: ['image/*'], maxCount: 3, maxSize: 2048 } },
    });
    // A sub-form's column uploads to its path.
    const row = (f.uiSchema.rows as Record<string, Record<string, Record<string, Record<string, { field: string }>>>>).items!.scan!['ui:options']!.files!;
    expect(row.field).toBe('rows.scan');
    // Public forms and bulk dialogs have nowhere to upload to.
    expect(toRjsf(ticket, { language: 'en' }).fields).toEqual(['rows']);
  });

  it('takes a signature with the signature pad, one drawing at most', () => {
    const approval: FormDef = {
      key: 'approval',
      name: 'Approval',
      schema: { type: 'object', properties: { sign: { type: 'array', items: { type: 'string' }, maxItems: 1, 'x-formloom': { type: 'signature' } } } },
    };
    const f = toRjsf(approval, { language: 'en', files: { ws: '', app: '', form: '', token: 't1' } });
    expect(f.uiSchema.sign).toEqual({ 'ui:widget': 'SignatureWidget', 'ui:options': { files: { ws: '', app: '', form: '', token: 't1', field: 'sign', maxCount: 1 } } });
  });

  it('limits a step form to its editable fields, with its required ones', () => {
    const f = toRjsf(contract, { language: 'en', only: ['summary', 'amount', 'contractNo'], required: ['summary'] });
    expect(f.fields).toEqual(['summary', 'amount']);
    expect(f.schema.required).toEqual(['amount', 'summary']);
  });
});

describe('toErrorSchema', () => {
  it('puts server errors on the fields their pointers name, rows of sub-forms included', () => {
    const { errorSchema, unmatched } = toErrorSchema(
      {
        '/amount': { code: 'required', message: 'This field is required.' },
        '/items/2/qty': { code: 'minimum', message: 'Must be at least 1.' },
        '/contractNo': { code: 'readonly_field', message: 'Contract number is set by the server.' },
        '': { code: 'invalid', message: 'Bad body.' },
      },
      ['title', 'amount', 'items'],
    );
    expect(errorSchema).toEqual({
      amount: { __errors: ['This field is required.'] },
      items: { 2: { qty: { __errors: ['Must be at least 1.'] } } },
    });
    expect(unmatched).toEqual(['Contract number is set by the server.', 'Bad body.']);
  });

  it('maps a 422 of the records API, as the new-record drawer does, and sends drafts with ?draft=true', async () => {
    const { fetch, calls } = mockFetch((c) =>
      c.url.includes('draft=true')
        ? json(201, { id: 'r9', version: 1, data: c.body })
        : apiError(422, 'validation_failed', 'The submitted data is not valid.', {
            '/type': { code: 'required', message: 'This field is required.' },
            '/amount': { code: 'minimum', message: 'Must be at least 0.' },
          }),
    );
    const api = new Api(new ApiClient({ fetch }));
    const err = await api.createRecord('w1', 'a1', 'contract', { title: 'Acme', amount: -1 }).catch((e: unknown) => e);
    expect(isApiError(err)).toBe(true);
    if (!isApiError(err)) return;
    const shown = toRjsf(contract, { language: 'en' }).fields;
    expect(toErrorSchema(err.fields, shown).errorSchema).toEqual({
      type: { __errors: ['This field is required.'] },
      amount: { __errors: ['Must be at least 0.'] },
    });
    const draft = await api.createRecord('w1', 'a1', 'contract', { title: 'Acme' }, true);
    expect(draft.id).toBe('r9');
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'POST /api/v1/workspaces/w1/apps/a1/forms/contract/records',
      'POST /api/v1/workspaces/w1/apps/a1/forms/contract/records?draft=true',
    ]);
  });
});

describe('displayValue and recordTitle', () => {
  const texts = { yes: 'Yes', no: 'No', name: (id: string) => (id === 'u1' ? 'Ann Lee' : undefined) };
  const p = contract.schema.properties!;

  it('shows option labels, names and amounts', () => {
    expect(displayValue(p.type, 'sales', 'zh-CN', texts)).toBe('销售合同');
    expect(displayValue(p.applicant, 'u1', 'en', texts)).toBe('Ann Lee');
    expect(displayValue(p.applicant, 'u2', 'en', texts)).toBe('u2');
    expect(displayValue(p.amount, 1000, 'en', texts)).toBe('1,000.00');
    expect(displayValue(undefined, true, 'en', texts)).toBe('Yes');
    expect(displayValue(p.title, null, 'en', texts)).toBe('');
  });

  it('shows a multiple member field by names and a sub-form by its rows’ values, not IDs or JSON', () => {
    const attendees: JsonSchema = { type: 'array', items: { type: 'string' }, 'x-formloom': { type: 'member', multiple: true, label: { 'zh-CN': '参会人' } } };
    expect(displayValue(attendees, ['u1', 'u2'], 'zh-CN', texts)).toBe('Ann Lee, u2');
    const tags: JsonSchema = {
      type: 'array',
      items: { type: 'string', enum: ['a', 'b'] },
      'x-formloom': { type: 'multiselect', options: [{ value: 'a', label: { 'zh-CN': '甲' } }, { value: 'b', label: { 'zh-CN': '乙' } }] },
    };
    expect(displayValue(tags, ['b', 'a'], 'zh-CN', texts)).toBe('乙, 甲');
    const items: JsonSchema = {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          item: { type: 'string', 'x-formloom': { type: 'text' } },
          owner: { type: 'string', 'x-formloom': { type: 'member' } },
          status: { type: 'string', 'x-formloom': { type: 'select', options: [{ value: 'done', label: { 'zh-CN': '已完成' } }] } },
        },
      },
      'x-formloom': { type: 'subform' },
    };
    expect(displayValue(items, [{ item: '整理预算表', owner: 'u1', status: 'done' }, { item: '联系供应商' }], 'zh-CN', texts)).toBe('整理预算表 / Ann Lee / 已完成；联系供应商');
  });

  it('shows a linked record by its serial number and title, and … until it is known', () => {
    const customer: JsonSchema = { type: 'string', 'x-formloom': { type: 'relation', form: 'customer' } };
    const names = { ...texts, record: (id: string) => (id === 'c1' ? 'KH-001 禾丰超市' : undefined) };
    expect(displayValue(customer, 'c1', 'zh-CN', names)).toBe('KH-001 禾丰超市');
    expect(displayValue(customer, 'c2', 'zh-CN', names)).toBe('…');
    const several: JsonSchema = { type: 'array', items: { type: 'string' }, 'x-formloom': { type: 'relation', form: 'customer', multiple: true } };
    expect(displayValue(several, ['c1', 'c2'], 'zh-CN', names)).toBe('KH-001 禾丰超市, …');
  });

  it('shows files by their names, in a sub-form row too, and … until they are known', () => {
    const files: JsonSchema = { type: 'array', items: { type: 'string' }, 'x-formloom': { type: 'attachment', label: { 'zh-CN': '合同文本' } } };
    const named = { ...texts, file: (id: string) => ({ f1: '合同定稿.pdf', f2: '报价单.xlsx' })[id] };
    expect(displayValue(files, ['f1', 'f2'], 'zh-CN', named)).toBe('合同定稿.pdf, 报价单.xlsx');
    expect(displayValue(files, ['f1', 'f9'], 'zh-CN', named)).toBe('合同定稿.pdf, …');
    expect(displayValue(files, ['f1'], 'zh-CN', texts)).toBe('…');
    const rows: JsonSchema = {
      type: 'array',
      items: { type: 'object', properties: { item: { type: 'string', 'x-formloom': { type: 'text' } }, proof: files } },
      'x-formloom': { type: 'subform' },
    };
    expect(displayValue(rows, [{ item: '签字页', proof: ['f1'] }], 'zh-CN', named)).toBe('签字页 / 合同定稿.pdf');
    // A list or a view has no names at hand: it counts them.
    const counted = { ...texts, files: (n: number) => `${n} 个文件` };
    expect(displayValue(files, ['f1', 'f2'], 'zh-CN', counted)).toBe('2 个文件');
    expect(displayValue(files, [], 'zh-CN', counted)).toBe('');
    // A signature reads as signed, never as a file's name.
    const sign: JsonSchema = { type: 'array', items: { type: 'string' }, maxItems: 1, 'x-formloom': { type: 'signature' } };
    expect(displayValue(sign, ['f1'], 'zh-CN', { ...named, signed: '已签名' })).toBe('已签名');
  });

  it('names a record by its first text field', () => {
    expect(recordTitle(contract, { data: { contractNo: 'HT-1', title: 'Acme supply' } })).toBe('Acme supply');
    expect(recordTitle(contract, { data: {} })).toBe('');
  });
});

describe('people pickers', () => {
  const form: FormDef = {
    key: 'claim',
    name: 'Claim',
    schema: {
      type: 'object',
      properties: {
        dept: { type: 'string', 'x-formloom': { type: 'department', label: { 'zh-CN': '部门' } } },
      },
    },
  };

  it('are pickers even when the workspace has no departments yet, never a text box', () => {
    const none = toRjsf(form, { language: 'zh-CN', departments: [] });
    expect(none.schema.properties?.dept?.enum).toEqual([]);
    const some = toRjsf(form, { language: 'zh-CN', departments: [{ value: 'd1', label: '销售一部' }] });
    expect(some.schema.properties?.dept?.enum).toEqual(['d1']);
  });
});
