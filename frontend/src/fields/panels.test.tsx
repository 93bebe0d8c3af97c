// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import { createI18n } from '../shared/i18n';
import { fieldView, parseTemplate, property, type JsonObject } from '../features/designers/form/designer';
import { FIELD_PANELS, listedProblems } from './panels';
import type { PanelProblem } from './settings/panel';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const doc = parseTemplate({
  forms: [
    {
      key: 'order',
      name: { 'zh-CN': '订单', en: 'Order' },
      schema: {
        type: 'object',
        properties: {
          customer: { type: 'string', 'x-formloom': { type: 'relation', label: { 'zh-CN': '客户', en: 'Customer' }, form: 'customer' } },
          level: { readOnly: true, type: 'string', 'x-formloom': { type: 'lookup', label: { 'zh-CN': '等级', en: 'Level' }, relation: 'customer', field: 'level' } },
          no: { type: 'string', readOnly: true, 'x-formloom': { type: 'serial', label: { 'zh-CN': '编号', en: 'No.' }, pattern: 'XS-{yyyy}-{seq:5}' } },
        },
      },
    },
    {
      key: 'customer',
      name: { 'zh-CN': '客户', en: 'Customers' },
      schema: { type: 'object', properties: { level: { type: 'string', 'x-formloom': { type: 'text', label: { 'zh-CN': '等级', en: 'Level' } } } } },
    },
  ],
});
const form = doc.forms[0]!;

let root: Root | undefined;
afterEach(() => {
  act(() => root?.unmount());
  document.body.innerHTML = '';
});

/** show renders the settings panel of field key as the form designer does. */
async function show(key: string, problems: PanelProblem[]): Promise<HTMLElement> {
  const i18n = await createI18n('en');
  const el = document.createElement('div');
  document.body.appendChild(el);
  root = createRoot(el);
  const Panel = FIELD_PANELS[fieldView(form, key)!.type]!;
  const noop = () => undefined;
  await act(async () => {
    root!.render(
      <I18nextProvider i18n={i18n}>
        <Panel
          field={fieldView(form, key)!}
          property={property(form, key)!}
          onChange={noop}
          onReplace={noop}
          formSchema={form.schema as JsonObject}
          onEditSchema={noop}
          doc={doc}
          formKey="order"
          problems={problems}
          ws="w"
          app="a"
        />
      </I18nextProvider>,
    );
  });
  return el;
}

const at = (key: string, rest: string) => `/forms/0/schema/properties/${key}/x-formloom/${rest}`;

describe('settings panels of relations, lookups and serial numbers', () => {
  it('show the stored settings in controls, by label, with no JSON', async () => {
    let el = await show('customer', []);
    expect(el.querySelector('[data-testid="relation-form"]')?.textContent).toContain('Customers');
    expect(el.querySelector('textarea')).toBeNull();
    act(() => root?.unmount());
    el = await show('level', []);
    expect(el.querySelector('[data-testid="lookup-relation"]')?.textContent).toContain('Customer');
    expect(el.querySelector('[data-testid="lookup-field"]')?.textContent).toContain('Level');
    act(() => root?.unmount());
    el = await show('no', []);
    expect((el.querySelector('[data-testid="serial-prefix"]') as HTMLInputElement).value).toBe('XS-');
    expect(el.querySelector('[data-testid="serial-preview"]')?.textContent).toMatch(/^XS-\d{4}-00001$/);
  });

  it('show the server’s problems on the control they are about, in words naming no key', async () => {
    const serverSaid = 'form "customer" has no field "level"';
    let el = await show('level', [{ pointer: at('level', 'field'), message: serverSaid }]);
    expect(el.textContent).toContain('Choose a field of the related form to show');
    expect(el.textContent).not.toContain(serverSaid);
    act(() => root?.unmount());
    el = await show('no', [{ pointer: at('no', 'pattern'), message: 'bad_pattern' }]);
    expect(el.textContent).toContain('The number format is not valid');
    act(() => root?.unmount());
    el = await show('customer', [{ pointer: at('customer', 'form'), message: 'unknown_form' }]);
    expect(el.textContent).toContain('That form is no longer in the app');
  });

  it('leave in the field’s list only the problems no control of theirs is about', () => {
    const problems = [
      { pointer: at('no', 'pattern'), message: 'pattern' },
      { pointer: '/forms/0/schema/properties/no', message: 'other' },
    ];
    expect(listedProblems('serial', problems).map((p) => p.message)).toEqual(['other']);
    expect(listedProblems('text', problems)).toHaveLength(2);
  });
});
