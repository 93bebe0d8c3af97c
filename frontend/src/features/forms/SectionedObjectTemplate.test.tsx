// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import type { FormDef } from '../../shared/api/types';
import { createI18n } from '../../shared/i18n';
import { toRjsf } from './schemaForm';
import { SchemaForm } from './SchemaForm';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const text = (en: string) => ({ type: 'string', 'x-formloom': { type: 'text', label: { en, 'zh-CN': en } } });
const form = {
  key: 'trip',
  name: 'Trip',
  schema: { type: 'object', properties: { title: text('Title'), from: text('From'), to: text('To'), notes: text('Notes') } },
  ui: {
    fields: { from: { width: 'half' }, to: { width: 'half' } },
    sections: [
      { title: { en: 'Route', 'zh-CN': '行程' }, fields: ['to', 'from'] },
      { title: { en: 'More', 'zh-CN': '更多' }, fields: ['notes'], collapsible: true, collapsed: true },
    ],
  },
} as unknown as FormDef;

let root: Root | undefined;
afterEach(() => {
  act(() => root?.unmount());
  document.body.innerHTML = '';
});

describe('sections in the generated form', () => {
  it('shows each section with its title where its first field falls, half-width fields side by side', async () => {
    const i18n = await createI18n('en');
    const el = document.createElement('div');
    document.body.appendChild(el);
    root = createRoot(el);
    await act(async () => {
      root!.render(
        <I18nextProvider i18n={i18n}>
          <SchemaForm form={toRjsf(form, { language: 'en' })} data={{}} onChange={() => undefined} onSubmit={() => undefined} />
        </I18nextProvider>,
      );
    });
    const route = el.querySelector('[data-testid="form-section-0"]')!;
    expect(route.textContent).toContain('Route');
    const labels = [...route.querySelectorAll('label')].map((l) => l.textContent);
    expect(labels).toEqual(['From', 'To']);
    expect(route.querySelectorAll('.fl-w-half')).toHaveLength(2);
    const more = el.querySelector('[data-testid="form-section-1"]')!;
    expect(more.querySelector('.ant-collapse')).not.toBeNull();
    expect(more.textContent).toContain('More');
    // Title comes before the route section, outside any section.
    const order = [...el.querySelectorAll('label')].map((l) => l.textContent);
    expect(order.indexOf('Title')).toBe(0);
  });
});
