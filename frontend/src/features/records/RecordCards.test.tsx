// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import type { RecordItem } from '../../shared/api/types';
import { RecordCards } from './RecordCards';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | undefined;
afterEach(() => {
  act(() => root?.unmount());
  document.body.innerHTML = '';
});

const lead = (id: string, data: Record<string, unknown>) => ({ id, data }) as unknown as RecordItem;

describe('record cards', () => {
  it('name each record, show its lines that have a value, and open it on a tap', async () => {
    const opened: string[] = [];
    const el = document.createElement('div');
    document.body.appendChild(el);
    root = createRoot(el);
    await act(async () =>
      root!.render(
        <RecordCards
          items={[lead('r1', { subject: '交付延迟', urgency: '紧急', source: '' }), lead('r2', { subject: '新需求' })]}
          loading={false}
          emptyText="暂无记录"
          testId="cards"
          cardTestId="card"
          title={(r) => String(r.data.subject)}
          lines={(r) => [
            { key: 'urgency', label: '紧急程度', value: (r.data.urgency as string | undefined) ?? '' },
            { key: 'source', label: '线索来源', value: (r.data.source as string | undefined) ?? '' },
          ]}
          onOpen={(r) => opened.push(r.id)}
        />,
      ),
    );
    const cards = [...el.querySelectorAll<HTMLElement>('[data-testid="card"]')];
    expect(cards.map((c) => c.querySelector('.ant-card-head-title')?.textContent)).toEqual(['交付延迟', '新需求']);
    expect(cards[0]!.textContent).toContain('紧急程度: 紧急');
    expect(cards[0]!.textContent).not.toContain('线索来源');
    await act(async () => cards[1]!.click());
    expect(opened).toEqual(['r2']);
  });

  it('show the first three lines that have a value, passing over empty ones', async () => {
    const el = document.createElement('div');
    document.body.appendChild(el);
    root = createRoot(el);
    const line = (key: string, value: string) => ({ key, label: key, value });
    await act(async () =>
      root!.render(
        <RecordCards
          items={[lead('g1', { name: '全年营收增长' })]}
          loading={false}
          emptyText=""
          testId="cards"
          cardTestId="card"
          title={(r) => String(r.data.name)}
          lines={() => [line('parent', ''), line('dimension', ''), line('target', '120'), line('current', '80'), line('owner', '孙目标'), line('status', '进行中')]}
          onOpen={() => {}}
        />,
      ),
    );
    const text = el.querySelector('[data-testid="card"]')!.textContent ?? '';
    expect(text).toContain('target: 120');
    expect(text).toContain('owner: 孙目标');
    expect(text).not.toContain('status');
  });
});
