// @vitest-environment happy-dom
import { InputNumber, Table } from 'antd';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import { SchemaForm } from '../features/forms/SchemaForm';
import { toRjsf } from '../features/forms/schemaForm';
import type { FormDef } from '../shared/api/types';
import { createI18n } from '../shared/i18n';
import { UiProvider } from './UiProvider';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const form = {
  key: 'trip',
  name: 'Trip',
  schema: {
    type: 'object',
    properties: {
      leaves: { type: 'string', format: 'date', 'x-formloom': { type: 'date', label: { en: 'Leaves on', 'zh-CN': '出发日期' } } },
      boards: { type: 'string', format: 'date-time', 'x-formloom': { type: 'datetime', label: { en: 'Boards at', 'zh-CN': '登机时间' } } },
    },
  },
} as unknown as FormDef;

let root: Root | undefined;
afterEach(() => {
  act(() => root?.unmount());
  document.body.innerHTML = '';
});

/** render shows a generated form with a date field, a number input and an empty paged table, in lang. */
async function render(lang: 'zh-CN' | 'en') {
  const i18n = createI18n(lang);
  const el = document.createElement('div');
  document.body.appendChild(el);
  root = createRoot(el);
  await act(async () => {
    root!.render(
      <I18nextProvider i18n={i18n}>
        <UiProvider>
          <SchemaForm form={toRjsf(form, { language: lang })} data={{}} onChange={() => undefined} onSubmit={() => undefined} />
          <InputNumber />
          <Table dataSource={[]} columns={[{ title: 'x', dataIndex: 'x' }]} pagination={{ showSizeChanger: true, total: 100 }} />
        </UiProvider>
      </I18nextProvider>,
    );
  });
  return { el, i18n };
}

const placeholder = (el: HTMLElement) => el.querySelector('.ant-picker input')?.getAttribute('placeholder');
const timePlaceholder = (el: HTMLElement) => el.querySelectorAll('.ant-picker input')[1]?.getAttribute('placeholder');

describe('antd follows the UI language', () => {
  it('gives a generated form’s date field a Chinese placeholder and calendar in zh-CN, English after switching', async () => {
    const { el, i18n } = await render('zh-CN');
    expect(placeholder(el)).toBe('请选择日期');
    expect(timePlaceholder(el)).toBe('请选择日期时间'); // a date and time field asks for both
    expect(el.textContent).toContain('暂无数据');
    expect(el.textContent).toContain('条/页');
    expect(el.querySelector('.ant-input-number-handler-up')?.getAttribute('aria-label')).toBe('增大数值');

    // The calendar names weekdays in Chinese: dayjs has the zh-cn locale loaded.
    await act(async () => {
      (el.querySelector('.ant-picker input') as HTMLInputElement).dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
      (el.querySelector('.ant-picker input') as HTMLInputElement).click();
    });
    const weekdays = [...document.querySelectorAll('.ant-picker-content th')].map((th) => th.textContent);
    expect(weekdays).toEqual(['一', '二', '三', '四', '五', '六', '日']);

    await act(async () => {
      await i18n.changeLanguage('en');
    });
    expect(placeholder(el)).toBe('Select date');
    expect(timePlaceholder(el)).toBe('Select date and time');
    expect(el.textContent).toContain('No data');
    expect(el.textContent).toContain('/ page');
    expect(el.querySelector('.ant-input-number-handler-up')?.getAttribute('aria-label')).toBe('Increase value');
    expect(el.querySelector('.ant-input-number-handler-down')?.getAttribute('aria-label')).toBe('Decrease value');
  });
});
