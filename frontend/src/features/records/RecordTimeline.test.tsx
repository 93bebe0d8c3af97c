// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { FormDef, HistoryEvent } from '../../shared/api/types';
import { mount } from '../../shared/testing/mount';
import { RecordTimeline } from './RecordTimeline';

const lead = {
  key: 'lead',
  name: { 'zh-CN': '线索' },
  schema: {
    type: 'object',
    properties: {
      subject: { type: 'string', 'x-formloom': { label: { 'zh-CN': '涉及事项' } } },
      contactName: { type: 'string', 'x-formloom': { label: { 'zh-CN': '联系人' } } },
    },
  },
} as unknown as FormDef;

const people = { name: (id: string) => ({ u1: '李收集' })[id], members: [], departments: [], departmentsOf: () => [] };

async function render(events: HistoryEvent[]) {
  const el = await mount(<RecordTimeline events={events} form={lead} people={people} texts={{ yes: '是', no: '否' }} />);
  return [...el.querySelectorAll('[data-testid="timeline-change"]')].map((n) => n.textContent);
}

describe('record timeline', () => {
  it('shows what a new record was filled with, in the form\'s order, and what a change replaced', async () => {
    const lines = await render([
      {
        id: 'e1',
        action: 'created',
        actor: 'u1',
        at: '2026-12-06T08:00:00Z',
        changes: [
          { field: 'contactName', from: '', to: '王磊' },
          { field: 'subject', from: null, to: '展会询价' },
        ],
      },
      { id: 'e2', action: 'updated', actor: 'u1', at: '2026-12-06T09:00:00Z', changes: [{ field: 'contactName', from: '王磊', to: '王蕾' }] },
      { id: 'e3', action: 'updated', actor: 'u1', at: '2026-12-06T10:00:00Z', changes: [{ field: 'contactName', from: '王蕾', to: '' }] },
    ]);
    expect(lines).toEqual(['涉及事项：展会询价', '联系人：王磊', '联系人：王磊 → 王蕾', '联系人：王蕾 → —']);
    expect(document.body.textContent).toContain('李收集');
    expect(document.body.textContent).toContain('创建');
  });

  it('links a change another record\'s automation made to that record', async () => {
    const events: HistoryEvent[] = [
      { id: 'e1', action: 'automation', actor: 'system', at: '2026-12-06T08:00:00Z', detail: { automation: 'followup_to_customer', sourceForm: 'followup', sourceRecord: 'r9' }, changes: [{ field: 'subject', from: '', to: '已跟进' }] },
      { id: 'e2', action: 'automation', actor: 'system', at: '2026-12-06T09:00:00Z', detail: { automation: 'stamp' }, changes: [{ field: 'subject', from: '已跟进', to: '再跟进' }] },
    ];
    const el = await mount(<RecordTimeline events={events} form={lead} people={people} texts={{ yes: '是', no: '否' }} source={(form, id) => <a data-testid="timeline-source">{`${form}/${id}`}</a>} />);
    expect([...el.querySelectorAll('[data-testid="timeline-source"]')].map((n) => n.textContent)).toEqual(['followup/r9']);
  });
});
