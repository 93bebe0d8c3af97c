// @vitest-environment happy-dom
import { act, createRef, useState } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FormDef } from '../../shared/api/types';
import { createI18n } from '../../shared/i18n';
import { toErrorSchema, toRjsf, type ErrorSchema } from './schemaForm';
import { SchemaForm, type SchemaFormHandle } from './SchemaForm';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const form: FormDef = {
  key: 'contract',
  name: 'Contract',
  schema: {
    type: 'object',
    required: ['title', 'amount'],
    properties: {
      title: { type: 'string', 'x-formloom': { type: 'text', label: { en: 'Title', 'zh-CN': '合同名称' } } },
      amount: { type: 'number', 'x-formloom': { type: 'money', label: { en: 'Amount', 'zh-CN': '合同金额' } } },
    },
  },
};

let root: Root | undefined;
afterEach(() => {
  act(() => root?.unmount());
  document.body.innerHTML = '';
});

function Harness({ handle, errors, submitted, def }: { handle: React.Ref<SchemaFormHandle>; errors?: ErrorSchema; submitted: unknown[]; def: FormDef }) {
  const [data, setData] = useState<Record<string, unknown>>({});
  return (
    <SchemaForm
      ref={handle}
      form={toRjsf(def, { language: 'en' })}
      data={data}
      onChange={setData}
      onSubmit={(d) => submitted.push(d)}
      errors={errors}
    />
  );
}

/** render mounts node in the page's language; the element it lives in is answered. */
async function render(node: React.ReactNode, lang: 'en' | 'zh-CN' = 'en') {
  const el = document.createElement('div');
  document.body.appendChild(el);
  root = createRoot(el);
  await act(async () => root!.render(<I18nextProvider i18n={createI18n(lang)}>{node}</I18nextProvider>));
  return el;
}

async function mount(errors?: ErrorSchema, lang: 'en' | 'zh-CN' = 'en', def: FormDef = form) {
  const handle = createRef<SchemaFormHandle>();
  const submitted: unknown[] = [];
  const el = await render(<Harness handle={handle} errors={errors} submitted={submitted} def={def} />, lang);
  return { el, handle, submitted };
}

describe('SchemaForm', () => {
  it('shows the server errors of a failed save next to their fields', async () => {
    const { errorSchema } = toErrorSchema({ '/amount': { code: 'minimum', message: 'Must be at least 0.' } }, ['title', 'amount']);
    const { el } = await mount(errorSchema);
    const amount = el.querySelector('#root_amount')?.closest('.ant-form-item');
    expect(amount?.textContent).toContain('Must be at least 0.');
    expect(el.querySelector('#root_title')?.closest('.ant-form-item')?.textContent).not.toContain('Must be');
  });

  it('stops a submit with empty required fields, in the UI language, and sends nothing', async () => {
    const { el, handle, submitted } = await mount(undefined, 'zh-CN');
    await act(async () => handle.current?.submit());
    expect(submitted).toEqual([]);
    expect(el.textContent).toContain('此项为必填项。');
  });
});

/** scrolled records the elements scrollIntoView is called on. */
function watchScrolls() {
  const scrolled: Element[] = [];
  const spy = vi.spyOn(Element.prototype, 'scrollIntoView').mockImplementation(function (this: Element) {
    scrolled.push(this);
  });
  return { scrolled, restore: () => spy.mockRestore() };
}

function ServerHarness({ handle }: { handle: React.Ref<SchemaFormHandle> }) {
  const [data, setData] = useState<Record<string, unknown>>({ title: 'Lease', amount: 5 });
  const [errors, setErrors] = useState<ErrorSchema>();
  // The server refuses the amount, as a create refused with 422 would.
  const save = () => setErrors(toErrorSchema({ '/amount': { code: 'minimum', message: 'Too small.' } }, ['title', 'amount']).errorSchema);
  return <SchemaForm ref={handle} form={toRjsf(form, { language: 'en' })} data={data} onChange={setData} onSubmit={save} errors={errors} />;
}

describe('a refused submit', () => {
  it("brings the browser's first error into view", async () => {
    const watch = watchScrolls();
    try {
      const { el, handle } = await mount(undefined, 'zh-CN');
      await act(async () => handle.current?.submit());
      await act(async () => new Promise((r) => setTimeout(r, 5)));
      expect(watch.scrolled).toHaveLength(1);
      expect(watch.scrolled[0]).toBe(el.querySelector('#root_title')!.closest('.ant-form-item-has-error'));
    } finally {
      watch.restore();
    }
  });

  it("brings the server's first error into view when it arrives, and not while typing", async () => {
    const watch = watchScrolls();
    try {
      const handle = createRef<SchemaFormHandle>();
      const el = await render(<ServerHarness handle={handle} />);
      expect(watch.scrolled).toHaveLength(0);
      await act(async () => handle.current?.submit());
      expect(watch.scrolled).toHaveLength(1);
      expect(watch.scrolled[0]).toBe(el.querySelector('#root_amount')!.closest('.ant-form-item'));
    } finally {
      watch.restore();
    }
  });
});

const orderForm: FormDef = {
  key: 'order',
  name: 'Order',
  schema: {
    type: 'object',
    properties: {
      items: {
        type: 'array',
        'x-formloom': { type: 'subform', label: { en: 'Items' } },
        items: {
          type: 'object',
          required: ['name', 'reason'],
          properties: {
            name: { type: 'string', 'x-formloom': { type: 'text', label: { en: 'Name' } } },
            custom: { type: 'boolean', 'x-formloom': { type: 'checkbox', label: { en: 'Custom' } } },
            reason: { type: 'string', 'x-formloom': { type: 'text', label: { en: 'Reason' } } },
          },
        },
      },
    },
  },
  ui: { fields: { 'items.reason': { visibleWhen: { properties: { custom: { const: true } }, required: ['custom'] } } } as never },
};

function RowsHarness({ handle, submitted }: { handle: React.Ref<SchemaFormHandle>; submitted: unknown[] }) {
  const [data, setData] = useState<Record<string, unknown>>({
    items: [{ name: 'plain', reason: 'typed before' }, { name: 'made', custom: true, reason: 'why' }],
  });
  return <SchemaForm ref={handle} form={toRjsf(orderForm, { language: 'en' })} data={data} onChange={setData} onSubmit={(d) => submitted.push(d)} />;
}

describe('SchemaForm show-when on sub-form rows', () => {
  it('shows a column only in the rows that match, and sends it only from them', async () => {
    const handle = createRef<SchemaFormHandle>();
    const submitted: unknown[] = [];
    const el = await render(<RowsHarness handle={handle} submitted={submitted} />);
    expect(el.querySelector('#root_items_0_reason')).toBeNull();
    expect(el.querySelector('#root_items_1_reason')).not.toBeNull();
    await act(async () => handle.current?.submit());
    expect(submitted).toEqual([{ items: [{ name: 'plain' }, { name: 'made', custom: true, reason: 'why' }] }]);
  });
});

const purchase: FormDef = {
  key: 'purchase',
  name: 'Purchase',
  schema: {
    type: 'object',
    properties: {
      items: {
        type: 'array',
        'x-formloom': { type: 'subform', label: { en: 'Items' } },
        items: {
          type: 'object',
          properties: {
            qty: { type: 'number', 'x-formloom': { type: 'number', label: { en: 'Qty' } } },
            price: { type: 'number', 'x-formloom': { type: 'money', label: { en: 'Price' } } },
            amount: { type: 'number', readOnly: true, 'x-formloom': { type: 'formula', expr: 'qty * price', label: { en: 'Amount' } } },
          },
        },
      },
      total: { type: 'number', readOnly: true, 'x-formloom': { type: 'formula', expr: 'SUM(items.amount)', precision: 2, label: { en: 'Total' } } },
      reason: { type: 'string', 'x-formloom': { type: 'text', label: { en: 'Reason' } } },
      note: { type: 'string', 'x-formloom': { type: 'text', label: { en: 'Note' } } },
    },
    // Required-when on a formula's value, as the designer writes it.
    allOf: [{ if: { properties: { total: { exclusiveMinimum: 10000 } }, required: ['total'] }, then: { required: ['reason'] } }],
  },
  ui: { fields: { note: { visibleWhen: { properties: { total: { minimum: 100 } }, required: ['total'] } } } as never },
};

function PurchaseHarness({ handle, submitted, items }: { handle: React.Ref<SchemaFormHandle>; submitted: unknown[]; items: unknown[] }) {
  const [data, setData] = useState<Record<string, unknown>>({ items });
  return <SchemaForm ref={handle} form={toRjsf(purchase, { language: 'en' })} data={data} onChange={setData} onSubmit={(d) => submitted.push(d)} />;
}

describe('SchemaForm formulas', () => {
  async function mountPurchase(items: unknown[]) {
    const handle = createRef<SchemaFormHandle>();
    const submitted: unknown[] = [];
    const el = await render(<PurchaseHarness handle={handle} submitted={submitted} items={items} />);
    return { el, handle, submitted };
  }

  it('shows formula values as computed in the browser, and conditions on them agree with the server', { timeout: 20_000 }, async () => {
    const { el, handle, submitted } = await mountPurchase([{ qty: 600, price: 19.99 }]);
    expect((el.querySelector('#root_items_0_amount') as HTMLInputElement).value).toBe('11994');
    expect((el.querySelector('#root_total') as HTMLInputElement).value).toBe('11994');
    expect(el.querySelector('#root_note')).not.toBeNull();
    // Over 10,000 the reason is required: refused in the browser, nothing sent.
    await act(async () => handle.current?.submit());
    expect(submitted).toEqual([]);
    expect(el.textContent).toContain('This field is required.');
  });

  it('sends no formula values, and hides what a formula\'s value hides', { timeout: 20_000 }, async () => {
    const { el, handle, submitted } = await mountPurchase([{ qty: 2, price: 10 }]);
    expect((el.querySelector('#root_total') as HTMLInputElement).value).toBe('20');
    expect(el.querySelector('#root_note')).toBeNull();
    await act(async () => handle.current?.submit());
    expect(submitted).toEqual([{ items: [{ qty: 2, price: 10 }] }]);
  });
});

const meeting: FormDef = {
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

const buttonNamed = (el: HTMLElement, text: string) => [...el.querySelectorAll('button')].find((b) => b.textContent?.trim() === text);

describe("a sub-form's row buttons", () => {
  it('say what they do, in Chinese in zh-CN, and add and remove rows', async () => {
    const el = (await mount(undefined, 'zh-CN', meeting)).el;
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
    const el = (await mount(undefined, 'en', meeting)).el;
    expect(buttonNamed(el, 'Add row')).toBeDefined();
  });
});

const minutes: FormDef = {
  key: 'meeting',
  name: 'Meeting',
  schema: {
    type: 'object',
    required: ['actions'],
    properties: {
      actions: {
        type: 'array',
        'x-formloom': { type: 'subform', label: { en: 'Action items', 'zh-CN': '行动项' } },
        items: {
          type: 'object',
          required: ['what'],
          properties: {
            what: { type: 'string', 'x-formloom': { type: 'text', label: { en: 'Action', 'zh-CN': '事项' } } },
            status: {
              type: 'string',
              enum: ['open', 'done'],
              default: 'open',
              'x-formloom': { type: 'select', label: { en: 'Status', 'zh-CN': '完成状态' }, options: [{ value: 'open', label: { en: 'Open', 'zh-CN': '未完成' } }, { value: 'done', label: { en: 'Done', 'zh-CN': '已完成' } }] },
            },
          },
        },
      },
    },
  },
};

describe('a sub-form row', () => {
  it('puts its fields first and its buttons after them, and its header carries no required star', async () => {
    const { el, handle, submitted } = await mount(undefined, 'zh-CN', minutes);
    await act(async () => buttonNamed(el, '添加一行')!.click());
    const row = el.querySelector('[data-testid="subform-row-0"]')!;
    expect(row).not.toBeNull();
    const parts = [...row.children].map((c) => c.className);
    expect(parts).toEqual(['fl-subform-row-fields', expect.stringContaining('fl-subform-row-buttons')]);
    expect(row.querySelector('button[title="删除此行"]')?.closest('.fl-subform-row-buttons')).not.toBeNull();
    // The row's header names the row; only the sub-form and its required columns are starred.
    const header = [...row.querySelectorAll('label')].find((l) => l.textContent === 'Action items-1');
    expect(header).toBeDefined();
    expect(header!.className).not.toContain('ant-form-item-required');
    expect(row.querySelector('label[for="root_actions_0_what"]')?.className).toContain('ant-form-item-required');
    // An empty required column is still stopped, its message next to the column named by its label.
    await act(async () => handle.current?.submit());
    expect(submitted).toEqual([]);
    const what = el.querySelector('#root_actions_0_what')!.closest('.ant-form-item')!;
    expect(what.textContent).toContain('Action');
    expect(what.textContent).toContain('此项为必填项。');
  });

  it("starts with its columns' defaults", async () => {
    const { el } = await mount(undefined, 'zh-CN', minutes);
    await act(async () => buttonNamed(el, '添加一行')!.click());
    const status = el.querySelector('#root_actions_0_status')!.closest('.ant-form-item')!;
    expect(status.textContent).toContain('Open');
  });
});

describe('a number out of range', () => {
  const floor: FormDef = {
    key: 'contract',
    name: 'Contract',
    schema: {
      type: 'object',
      properties: {
        amount: { type: 'number', minimum: 0, 'x-formloom': { type: 'money', label: { en: 'Amount', 'zh-CN': '合同金额' } } },
      },
    },
  };

  it('keeps what was typed and is refused by name, rather than silently becoming the minimum', async () => {
    const { el, handle, submitted } = await mount(undefined, 'zh-CN', floor);
    const input = el.querySelector<HTMLInputElement>('#root_amount')!;
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    await act(async () => {
      input.focus();
      setValue.call(input, '-5');
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(async () => {
      input.dispatchEvent(new FocusEvent('blur', { bubbles: true }));
      input.dispatchEvent(new FocusEvent('focusout', { bubbles: true }));
    });
    expect(input.value).toBe('-5');
    await act(async () => handle.current?.submit());
    expect(submitted).toHaveLength(0);
    const item = input.closest('.ant-form-item')!;
    expect(item.classList.contains('ant-form-item-has-error')).toBe(true);
    expect(item.textContent).toContain('不能小于 0。');
  });
});
