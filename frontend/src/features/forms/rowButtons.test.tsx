// @vitest-environment happy-dom
import { act, useState } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import type { FormDef } from '../../shared/api/types';
import { createI18n } from '../../shared/i18n';
import { toRjsf } from './schemaForm';
import { SchemaForm } from './SchemaForm';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const form: FormDef = {
  key: 'meeting',
  name: 'Meeting',
  schema: {
    type: 'object',
    properties: {
      agenda: {
        type: 'array',
        'x-formloom': { type: 'subform', label: { en: 'Agenda', 'zh-CN': '议题' } },
        items: {
          type: 'object',
          properties: { topic: { type: 'string', 'x-formloom': { type: 'text', label: { en: 'Topic', 'zh-CN': '议题内容' } } } },
        },
      },
    },
  },
};

let root: Root | undefined;
afterEach(() => {
  act(() => root?.unmount());
  document.body.innerHTML = '';
});

function Harness({ lang }: { lang: string }) {
  const [data, setData] = useState<Record<string, unknown>>({});
  return <SchemaForm form={toRjsf(form, { language: lang })} data={data} onChange={setData} onSubmit={() => undefined} />;
}

async function mount(lang: 'en' | 'zh-CN') {
  const el = document.createElement('div');
  document.body.appendChild(el);
  root = createRoot(el);
  await act(async () =>
    root!.render(
      <I18nextProvider i18n={createI18n(lang)}>
        <Harness lang={lang} />
      </I18nextProvider>,
    ),
  );
  return el;
}

const buttonNamed = (el: HTMLElement, text: string) => [...el.querySelectorAll('button')].find((b) => b.textContent?.trim() === text);

describe("a sub-form's row buttons", () => {
  it('say what they do, in Chinese in zh-CN, and add and remove rows', async () => {
    const el = await mount('zh-CN');
    const add = buttonNamed(el, '添加一行');
    expect(add).toBeDefined();
    await act(async () => add!.click());
    expect(el.querySelector('input[id="root_agenda_0_topic"]')).not.toBeNull();
    const remove = el.querySelector<HTMLButtonElement>('button[title="删除此行"]');
    expect(remove).not.toBeNull();
    expect(el.querySelector('button[title="Remove"], button[title="Add Item"]')).toBeNull();
    await act(async () => remove!.click());
    expect(el.querySelector('input[id="root_agenda_0_topic"]')).toBeNull();
  });

  it('are in English in English', async () => {
    const el = await mount('en');
    expect(buttonNamed(el, 'Add row')).toBeDefined();
  });
});
