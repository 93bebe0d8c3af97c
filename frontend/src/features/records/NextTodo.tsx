import { Alert, Button, Grid, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useApi } from '../../shared/api/ApiContext';
import type { InboxItem } from '../../shared/api/types';
import { recordPath } from '../../shared/hooks/useWorkspaceData';
import { localized } from '../../shared/lib/localized';
import { inboxTitle, stepName } from '../inbox/model';
import { nextTodo, othersLeft } from './nextTodo';

/** What the member has left after acting on a record: the to-do to open next, and how many wait. */
export interface AfterActing {
  next?: InboxItem;
  left: number;
}

/**
 * useNextTodo looks up, once the member's to-do on record is done, which of her to-dos comes
 * next (the inbox's order). Opening another record forgets it.
 */
export function useNextTodo(ws: string, record: string): { after?: AfterActing; find: () => void; dismiss: () => void } {
  const api = useApi();
  const [after, setAfter] = useState<AfterActing>();
  const [of, setOf] = useState(record);
  if (of !== record) {
    setOf(record);
    setAfter(undefined);
  }
  const find = () => {
    // Nothing to offer when the inbox cannot be read: the page stays as it is.
    void Promise.all([api.inbox(ws, 'todo'), api.inboxCounts(ws)]).then(
      ([page, counts]) => {
        const items = page.items ?? [];
        setAfter({ next: nextTodo(items, record), left: othersLeft(counts.todo, items, record) });
      },
      () => undefined,
    );
  };
  return { after, find, dismiss: () => setAfter(undefined) };
}

/** NextTodoBar offers the next to-do right where the member acted, as an approver working down her list expects. */
export function NextTodoBar({ ws, after, onClose }: { ws: string; after: AfterActing; onClose: () => void }) {
  const { i18n } = useTranslation();
  const { t: tu } = useTranslation('enduser');
  const navigate = useNavigate();
  // On a phone the button goes under the text, as wide as the screen: beside it, it would
  // leave the text a third of the width.
  const phone = Grid.useBreakpoint().md === false;
  const next = after.next;
  const button = next ? (
    <Button type="primary" block={phone} onClick={() => navigate(recordPath(ws, next.app, next.form, next.record))} data-testid="next-todo-open">
      {tu('nextTodo')}
    </Button>
  ) : (
    <Button block={phone} onClick={() => navigate(`/w/${encodeURIComponent(ws)}/inbox`)} data-testid="next-todo-inbox">
      {tu('backToInbox')}
    </Button>
  );
  const text = next ? inboxTitle(stepName(localized(next.nodeName, i18n.language), next), next, localized(next.appName, i18n.language)) : undefined;
  return (
    <Alert
      type="success"
      showIcon
      closable
      onClose={onClose}
      style={{ marginBottom: 16 }}
      data-testid="next-todo"
      message={next ? tu('todosLeft', { count: after.left }) : tu('noTodosLeft')}
      description={
        phone ? (
          <Space direction="vertical" size={8} style={{ width: '100%' }}>
            {text}
            {button}
          </Space>
        ) : (
          text
        )
      }
      action={phone ? undefined : button}
    />
  );
}
