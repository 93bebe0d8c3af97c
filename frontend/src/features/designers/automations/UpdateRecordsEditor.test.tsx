// @vitest-environment happy-dom
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import { mount } from '../../../shared/testing/mount';
import type { JsonObject, Template } from '../form/designer';
import { ActionEditor } from './ActionEditor';

const field = (type: string, label: string, extra: Record<string, unknown> = {}) => ({ type: 'string', 'x-formloom': { type, label: { 'zh-CN': label, en: label }, ...extra } });
const doc: Template = {
  key: 'm',
  forms: [
    { key: 'meeting', name: { 'zh-CN': '会议', en: 'Meeting' }, schema: { type: 'object', properties: { title: field('text', '名称'), customer: field('relation', '客户', { form: 'customer' }) } } },
    {
      key: 'task',
      name: { 'zh-CN': '任务', en: 'Task' },
      schema: {
        type: 'object',
        properties: {
          title: field('text', '任务'),
          status: field('select', '状态', { options: [{ value: 'todo', label: { 'zh-CN': '待办' } }, { value: 'cancelled', label: { 'zh-CN': '已取消' } }] }),
          meeting: field('relation', '所属会议', { form: 'meeting' }),
          no: field('serial', '编号'),
        },
      },
    },
    { key: 'customer', name: { 'zh-CN': '客户', en: 'Customer' }, schema: { type: 'object', properties: { name: field('text', '客户名称') } } },
    { key: 'supplier', name: { 'zh-CN': '供应商', en: 'Supplier' }, schema: { type: 'object', properties: { name: field('text', '供应商名称') } } },
  ],
};
const at = '/automations/0/actions/0';

function render(action: JsonObject, opts: { problems?: { pointer: string; message: string }[]; language?: 'zh-CN' | 'en' } = {}) {
  const changes: JsonObject[] = [];
  const el = mount(<ActionEditor doc={doc} form="meeting" action={action} index={0} at={at} problems={opts.problems ?? []} onChange={(a) => changes.push(a)} />, opts.language);
  return { el, changes };
}

describe('the updateRecords action editor', () => {
  it('shows which records and their values, each problem at its control', async () => {
    const { el } = render(
      { type: 'updateRecords', form: 'task', match: { meeting: 'record.id' }, values: { status: '"cancelled"' } },
      {
        problems: [
          { pointer: `${at}/match/meeting`, message: '匹配有误' },
          { pointer: `${at}/values/status`, message: '值有误' },
          { pointer: at, message: '动作有误' },
        ],
      },
    );
    const card = (await el).querySelector('[data-testid="action-0"]')!;
    expect(card.textContent).toContain('1. 修改数据');
    expect(card.textContent).toContain('要修改的记录');
    expect(card.textContent).toContain('关联字段指向的记录');
    expect(card.textContent).toContain('修改为');
    expect(card.querySelector('[data-testid="update-by-match"]')).toHaveProperty('checked', true);
    const row = card.querySelector('[data-testid="match-row-meeting"]')!;
    expect(row.textContent).toContain('所属会议');
    expect(row.textContent).toContain('本记录 ID');
    expect(row.textContent).toContain('匹配有误');
    // The fixed option shows by its label; the serial number is not offered to write.
    const table = card.querySelector('[data-testid="action-mapping"]')!;
    expect(table.textContent).toContain('已取消');
    expect(table.textContent).toContain('值有误');
    expect(table.textContent).not.toContain('编号');
    // Only the problem no control shows heads the card.
    expect(card.textContent!.indexOf('动作有误')).toBeLessThan(card.textContent!.indexOf('要修改的记录'));
    expect(card.textContent!.split('匹配有误').length).toBe(2);
  });

  it('says when no relation field points to the form, and offers matching instead', async () => {
    const { el, changes } = render({ type: 'updateRecords', form: 'supplier', values: {} });
    const hint = (await el).querySelector('[data-testid="update-no-relation"]')!;
    expect(hint.textContent).toContain('「会议」没有指向「供应商」的关联字段。');
    await act(async () => hint.querySelector('button')!.click());
    expect(changes).toEqual([{ type: 'updateRecords', form: 'supplier', match: {}, values: {} }]);
  });

  it('picks the records by a relation field, and switches to matching from the radio', async () => {
    const { el, changes } = render({ type: 'updateRecords', form: 'customer', ids: 'customer', values: {} }, { language: 'en' });
    const card = (await el).querySelector('[data-testid="action-0"]')!;
    expect(card.textContent).toContain('1. Update records');
    expect(card.querySelector('[data-testid="update-ids"]')!.textContent).toContain('客户');
    await act(async () => (card.querySelector('[data-testid="update-by-match"]') as HTMLInputElement).click());
    expect(changes).toEqual([{ type: 'updateRecords', form: 'customer', match: {}, values: {} }]);
  });

  it('asks for the form first', async () => {
    const { el } = render({ type: 'updateRecords', form: '', values: {} }, { problems: [{ pointer: `${at}/form`, message: '请选择表单' }] });
    const card = (await el).querySelector('[data-testid="action-0"]')!;
    expect(card.querySelector('[data-testid="update-which"]')).toBeNull();
    expect(card.textContent).toContain('修改此表单的数据');
    expect(card.textContent).toContain('请选择表单');
  });
});
