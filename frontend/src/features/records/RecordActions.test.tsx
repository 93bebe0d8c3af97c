// @vitest-environment happy-dom
import { App } from 'antd';
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import { mount } from '../../shared/testing/mount';
import type { FlowAction } from './flowActions';
import { RecordActions } from './RecordActions';

async function render(phone: boolean, actions: FlowAction[], edit = false) {
  const acted: string[] = [];
  const el = await mount(
    <App>
      <RecordActions
        actions={actions}
        urging={false}
        onAct={(a) => acted.push(a)}
        onEdit={edit ? () => acted.push('edit') : undefined}
        onPrint={() => acted.push('print')}
        onDelete={() => acted.push('delete')}
        phone={phone}
      />
    </App>,
  );
  const ids = [...el.querySelectorAll('[data-testid]')].map((b) => b.getAttribute('data-testid'));
  return { el, acted, ids };
}

describe('record actions', () => {
  const step: FlowAction[] = ['approve', 'return', 'transfer', 'cc', 'comment'];

  it('are a bar on a phone: the step’s first three as buttons, the rest under more', async () => {
    const { el, acted, ids } = await render(true, step);
    expect(el.querySelector('.fl-record-actionbar')).not.toBeNull();
    expect(ids).toEqual(['record-actions', 'action-approve', 'action-return', 'action-transfer', 'record-more']);
    expect(el.querySelector('[data-testid="record-more"]')?.textContent).toContain('更多');
    await act(async () => (el.querySelector('[data-testid="action-approve"]') as HTMLElement).click());
    expect(acted).toEqual(['approve']);
  });

  it('offer editing as the button of a phone’s bar when no step waits', async () => {
    // A record of a form without a flow: comment is all availableActions gives.
    let { ids } = await render(true, ['comment'], true);
    expect(ids).toEqual(['record-actions', 'edit-record', 'action-comment', 'record-more']);
    // A running flow the member only follows: edit still leads, urge and comment follow.
    ({ ids } = await render(true, ['urge', 'cc', 'comment'], true));
    expect(ids).toEqual(['record-actions', 'edit-record', 'action-urge', 'action-cc', 'record-more']);
    // A waiting step comes first; editing moves under more.
    ({ ids } = await render(true, ['submit', 'comment'], true));
    expect(ids).toEqual(['record-actions', 'action-submit', 'action-comment', 'record-more']);
  });

  it('are a row of buttons on a desktop, delete last', async () => {
    const { el, ids } = await render(false, step, true);
    expect(el.querySelector('.fl-record-actionbar')).toBeNull();
    expect(ids).toEqual(['record-actions', 'action-approve', 'action-return', 'action-transfer', 'action-cc', 'action-comment', 'edit-record', 'print-record', 'delete-record']);
  });
});
