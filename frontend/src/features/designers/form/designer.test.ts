import { describe, expect, it } from 'vitest';
import { ApiClient } from '../../../shared/api/client';
import { Api } from '../../../shared/api/endpoints';
import { isApiError } from '../../../shared/api/errors';
import { apiError, json, mockFetch } from '../../../shared/test/mockFetch';
import {
  addField,
  addForm,
  fieldKeys,
  fieldView,
  moveField,
  parseTemplate,
  placeOf,
  placeProblems,
  removeField,
  renameField,
  updateField,
  type FieldPatch,
  type JsonObject,
  type Template,
} from './designer';

/** A template with parts the designer does not show: they must come back as they were. */
const SOURCE = JSON.stringify({
  $schema: '/api/v1/schemas/template.json',
  key: 'deals',
  name: { 'zh-CN': '商机', en: 'Deals' },
  version: '1.2.0',
  forms: [
    {
      key: 'deal',
      name: { 'zh-CN': '商机', en: 'Deal' },
      schema: {
        type: 'object',
        properties: {
          title: { type: 'string', maxLength: 100, pattern: '^\\S', 'x-formloom': { type: 'text', label: { 'zh-CN': '名称', en: 'Title' }, unique: true } },
          stage: {
            type: 'string',
            enum: ['new', 'won'],
            'x-formloom': {
              type: 'select',
              label: { 'zh-CN': '阶段', en: 'Stage' },
              options: [
                { value: 'new', label: { 'zh-CN': '新建', en: 'New' }, color: 'blue' },
                { value: 'won', label: { 'zh-CN': '赢单', en: 'Won' }, color: 'green' },
              ],
            },
          },
          amount: { type: 'number', minimum: 0, 'x-formloom': { type: 'money', label: { 'zh-CN': '金额' }, currency: 'USD', precision: 2 } },
          no: { type: 'string', readOnly: true, 'x-formloom': { type: 'serial', label: { 'zh-CN': '编号' }, pattern: 'D-{seq:4}' } },
        },
        required: ['title', 'stage'],
        if: { properties: { stage: { const: 'won' } } },
        then: { required: ['amount'] },
        'x-formloom': { title: 'title' },
      },
      ui: { order: ['no', 'title', 'stage', 'amount'], fields: { title: { width: 'half', help: { 'zh-CN': '简短' } } } },
    },
    {
      key: 'note',
      name: { 'zh-CN': '备注' },
      schema: { type: 'object', properties: { text: { type: 'string', 'x-formloom': { type: 'textarea', label: { 'zh-CN': '内容' } } } } },
    },
  ],
  roles: [{ key: 'sales', name: { 'zh-CN': '销售' } }],
  permissions: [{ role: 'sales', form: 'deal', actions: ['create', 'read'], scope: 'own' }],
  views: [{ key: 'all', form: 'deal', name: { 'zh-CN': '全部' }, columns: ['title', 'stage'] }],
  pipelines: [
    {
      key: 'p',
      form: 'deal',
      nodes: [
        { key: 'start', type: 'start' },
        { key: 'end', type: 'end' },
      ],
      edges: [{ from: 'start', to: 'end' }],
    },
  ],
  calendar: { timezone: 'Asia/Shanghai' },
});

const fresh = (): Template => parseTemplate(JSON.parse(SOURCE));
const deal = (t: Template) => t.forms[0]!;
const props = (t: Template, i = 0) => (t.forms[i]!.schema as JsonObject).properties as Record<string, JsonObject>;
const without = (t: Template, ...keys: string[]) => Object.fromEntries(Object.entries(t).filter(([k]) => !keys.includes(k)));

describe('template ↔ designer model', () => {
  it('lists fields in ui.order, then the rest in schema order', () => {
    expect(fieldKeys(deal(fresh()))).toEqual(['no', 'title', 'stage', 'amount']);
    expect(fieldKeys(fresh().forms[1]!)).toEqual(['text']);
    const partial = fresh();
    (deal(partial).ui as JsonObject).order = ['amount', 'ghost'];
    expect(fieldKeys(deal(partial))).toEqual(['amount', 'title', 'stage', 'no']);
  });

  it('reads the settings it shows', () => {
    const t = fresh();
    expect(fieldView(deal(t), 'title')).toMatchObject({
      type: 'text',
      label: { zh: '名称', en: 'Title' },
      required: true,
      help: { zh: '简短', en: '' },
      maxLength: 100,
    });
    expect(fieldView(deal(t), 'amount')).toMatchObject({ type: 'money', required: false, minimum: 0, precision: 2, label: { zh: '金额', en: '' } });
    expect(fieldView(deal(t), 'stage')?.options).toEqual([
      { value: 'new', label: { zh: '新建', en: 'New' } },
      { value: 'won', label: { zh: '赢单', en: 'Won' } },
    ]);
  });

  it('writes back every field unchanged when its settings are written unchanged', () => {
    let t = fresh();
    for (const key of fieldKeys(deal(t))) {
      const { key: _k, type: _t, ...patch } = fieldView(deal(t), key)!;
      t = updateField(t, 0, key, patch as FieldPatch);
    }
    expect(t).toEqual(JSON.parse(SOURCE));
  });

  it('changes only what an edit names, keeping unknown keywords, other forms, pipelines and permissions', () => {
    const before = fresh();
    const t = updateField(before, 0, 'title', { label: { zh: '商机名称', en: '' }, maxLength: 50, required: false, placeholder: { zh: '请输入', en: 'Type' } });
    const title = props(t).title!;
    expect(title).toEqual({
      type: 'string',
      maxLength: 50,
      pattern: '^\\S',
      'x-formloom': { type: 'text', label: { 'zh-CN': '商机名称' }, unique: true },
    });
    expect((deal(t).schema as JsonObject).required).toEqual(['stage']);
    expect((deal(t).ui as JsonObject).fields).toEqual({
      title: { width: 'half', help: { 'zh-CN': '简短' }, placeholder: { 'zh-CN': '请输入', en: 'Type' } },
    });
    // Everything else is as it was, and the input was not mutated.
    expect(without(t, 'forms')).toEqual(without(JSON.parse(SOURCE) as Template, 'forms'));
    expect(t.forms[1]).toEqual((JSON.parse(SOURCE) as Template).forms[1]);
    const schema = deal(t).schema as JsonObject;
    expect(schema.if).toEqual({ properties: { stage: { const: 'won' } } });
    expect(schema['x-formloom']).toEqual({ title: 'title' });
    expect(props(t).no).toEqual(props(fresh()).no);
    expect(before).toEqual(JSON.parse(SOURCE));
  });

  it('writes select options as x-formloom options and enum, keeping an option’s colour', () => {
    const t = updateField(fresh(), 0, 'stage', {
      options: [
        { value: 'won', label: { zh: '赢单', en: 'Won' } },
        { value: 'lost', label: { zh: '输单', en: '' } },
      ],
    });
    const stage = props(t).stage!;
    expect(stage.enum).toEqual(['won', 'lost']);
    expect((stage['x-formloom'] as JsonObject).options).toEqual([
      { value: 'won', label: { 'zh-CN': '赢单', en: 'Won' }, color: 'green' },
      { value: 'lost', label: { 'zh-CN': '输单' } },
    ]);
  });

  it('adds fields of each type with the schema the format asks for', () => {
    let t = fresh();
    t = addField(t, 0, 'text', 'remark', { zh: '客户备注', en: '' });
    t = addField(t, 0, 'multiselect', 'tags', { zh: '标签', en: 'Tags' }, 0);
    t = addField(t, 0, 'date', 'due', { zh: '截止', en: '' });
    t = addField(t, 0, 'email', 'mail', { zh: '邮箱', en: '' });
    t = addField(t, 0, 'select', 'level', { zh: '级别', en: '' });
    expect(props(t).remark).toEqual({ type: 'string', 'x-formloom': { type: 'text', label: { 'zh-CN': '客户备注' } } });
    expect(props(t).tags).toMatchObject({ type: 'array', uniqueItems: true, items: { type: 'string', enum: ['option1', 'option2'] } });
    expect(props(t).due).toMatchObject({ type: 'string', format: 'date' });
    expect(props(t).mail).toMatchObject({ type: 'string', format: 'email' });
    const level = props(t).level!;
    expect(level.enum).toEqual(((level['x-formloom'] as JsonObject).options as JsonObject[]).map((o) => o.value));
    // ui.order existed, so each new field takes its place there: tags first, the others last.
    expect((deal(t).ui as JsonObject).order).toEqual(['tags', 'no', 'title', 'stage', 'amount', 'remark', 'due', 'mail', 'level']);
    // A form without ui.order keeps schema order when a field is appended…
    const appended = addField(fresh(), 1, 'number', 'count', { zh: '数量', en: '' });
    expect(appended.forms[1]!.ui).toBeUndefined();
    expect(fieldKeys(appended.forms[1]!)).toEqual(['text', 'count']);
    // …and gets one when a field goes anywhere else.
    const first = addField(fresh(), 1, 'number', 'count', { zh: '数量', en: '' }, 0);
    expect((first.forms[1]!.ui as JsonObject).order).toEqual(['count', 'text']);
  });

  it('removes a field with its required entry, place in ui.order and ui settings', () => {
    const t = removeField(fresh(), 0, 'title');
    expect(props(t).title).toBeUndefined();
    expect((deal(t).schema as JsonObject).required).toEqual(['stage']);
    expect((deal(t).ui as JsonObject).order).toEqual(['no', 'stage', 'amount']);
    expect((deal(t).ui as JsonObject).fields).toEqual({});
    expect(t.views).toEqual(fresh().views); // the server reports the view's column; the designer does not guess
  });

  it('reorders by writing ui.order', () => {
    const t = moveField(fresh(), 0, 3, 0);
    expect((deal(t).ui as JsonObject).order).toEqual(['amount', 'no', 'title', 'stage']);
    expect(Object.keys(props(t))).toEqual(Object.keys(props(fresh())));
    const noOrder = moveField(fresh(), 1, 0, 0);
    expect(noOrder.forms[1]!.ui).toBeUndefined();
  });

  it('renames a new field everywhere the form names it, in place', () => {
    let t = addField(fresh(), 0, 'text', 'field1', { zh: '备注', en: '' }, 1);
    t = updateField(t, 0, 'field1', { required: true, help: { zh: '说明', en: '' } });
    t = renameField(t, 0, 'field1', 'remark');
    expect(Object.keys(props(t))).toEqual(['title', 'stage', 'amount', 'no', 'remark']);
    expect((deal(t).schema as JsonObject).required).toEqual(['title', 'stage', 'remark']);
    expect((deal(t).ui as JsonObject).order).toEqual(['no', 'remark', 'title', 'stage', 'amount']);
    expect(((deal(t).ui as JsonObject).fields as JsonObject).remark).toEqual({ help: { 'zh-CN': '说明' } });
    // A key already taken is refused.
    expect(renameField(t, 0, 'remark', 'title')).toEqual(t);
  });

  it('adds a form that is valid as it stands', () => {
    const t = addForm(fresh(), 'visit', { zh: '拜访', en: '' });
    expect(t.forms).toHaveLength(3);
    expect(t.forms[2]).toMatchObject({ key: 'visit', name: { 'zh-CN': '拜访' }, schema: { type: 'object' } });
    expect(fieldKeys(t.forms[2]!)).toEqual(['title']);
  });
});

describe('problem pointers', () => {
  const t = fresh();

  it('map to the form and field they are about', () => {
    expect(placeOf(t, '/forms/0/schema/properties/amount/x-formloom/label')).toEqual({ form: 0, field: 'amount' });
    expect(placeOf(t, '/forms/0/schema/required/1')).toEqual({ form: 0, field: 'stage' });
    expect(placeOf(t, '/forms/0/ui/order/0')).toEqual({ form: 0, field: 'no' });
    expect(placeOf(t, '/forms/0/ui/fields/title/width')).toEqual({ form: 0, field: 'title' });
    expect(placeOf(t, '/forms/1/schema/properties/text')).toEqual({ form: 1, field: 'text' });
    expect(placeOf(t, '/forms/0/key')).toEqual({ form: 0 });
    expect(placeOf(t, '/forms/0/schema/properties/ghost/type')).toEqual({ form: 0 });
    expect(placeOf(t, '/forms/7/key')).toEqual({});
    expect(placeOf(t, '/views/0/columns/1')).toEqual({});
    expect(placeOf(t, '')).toEqual({});
  });

  it('unescape ~1 and ~0 in keys', () => {
    const odd = fresh();
    props(odd)['a/b'] = { type: 'string' };
    expect(placeOf(odd, '/forms/0/schema/properties/a~1b/type')).toEqual({ form: 0, field: 'a/b' });
  });

  it('come from a refused save, each with its message', async () => {
    const { fetch, calls } = mockFetch((call) =>
      call.method === 'PUT'
        ? apiError(422, 'invalid_template', 'The template is not valid.', {
            '/forms/0/schema/properties/amount/x-formloom/label': { code: 'required', message: 'A label is required.' },
            '/views/0/columns/0': { code: 'unknown_field', message: 'No such field.' },
          })
        : json(200, {}),
    );
    const api = new Api(new ApiClient({ fetch }));
    const err = await api.saveDraft('w1', 'a1', t).catch((e: unknown) => e);
    expect(calls[0]).toMatchObject({ method: 'PUT', url: '/api/v1/workspaces/w1/apps/a1/draft' });
    expect(calls[0]!.body).toEqual(JSON.parse(SOURCE));
    expect(isApiError(err)).toBe(true);
    if (!isApiError(err)) return;
    expect(placeProblems(t, err.fields)).toEqual([
      { pointer: '/forms/0/schema/properties/amount/x-formloom/label', message: 'A label is required.', form: 0, field: 'amount' },
      { pointer: '/views/0/columns/0', message: 'No such field.' },
    ]);
  });
});

describe('draft and publish calls', () => {
  it('read the draft and publish it, answering the version’s changes', async () => {
    const { fetch, calls } = mockFetch((call) =>
      call.method === 'POST'
        ? json(201, { number: 2, breaking: true, changes: [{ pointer: '/forms/0/schema/properties/x', kind: 'field_removed', breaking: true }] })
        : json(200, JSON.parse(SOURCE)),
    );
    const api = new Api(new ApiClient({ fetch }));
    expect(parseTemplate(await api.draft('w1', 'a1'))).toEqual(JSON.parse(SOURCE));
    const v = await api.publish('w1', 'a1');
    expect(v).toMatchObject({ number: 2, breaking: true });
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual(['GET /api/v1/workspaces/w1/apps/a1/draft', 'POST /api/v1/workspaces/w1/apps/a1/publish']);
  });
});
