import { BellOutlined } from '@ant-design/icons';
import { App, Badge, Button, Empty, List, Popover, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useApi } from '../../shared/api/ApiContext';
import type { NotificationItem } from '../../shared/api/types';
import { errorMessage } from '../../shared/lib/apiErrors';
import { notificationText } from './model';
import { useAsync } from '../../shared/hooks/useAsync';
import { recordPath } from '../../shared/hooks/useWorkspaceData';

/** NotificationBell shows the unread notifications of a workspace and marks them read. */
export function NotificationBell({ ws }: { ws: string }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const { message } = App.useApp();
  const location = useLocation();
  const [open, setOpen] = useState(false);
  // Asked again on every navigation: actions elsewhere in the UI create notifications.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the path is the trigger, see above
  const unread = useAsync(() => api.notifications(ws, true), [api, ws, location.pathname]);

  const markAll = async () => {
    try {
      await api.markNotificationsRead(ws);
      unread.reload();
    } catch (err) {
      message.error(errorMessage(err));
    }
  };

  const text = (n: NotificationItem) => notificationText(n, i18n.language, (kind) => t(`bell.kinds.${kind}`, { ns: 'notify', defaultValue: kind }));

  const items = unread.data?.items ?? [];
  const content = (
    // No wider than a phone's screen less the popover's padding: it would scroll the page sideways.
    <div style={{ width: 'min(340px, calc(100vw - 56px))' }} data-testid="notifications">
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('bell.empty', { ns: 'notify' })} />
      ) : (
        <List
          size="small"
          dataSource={items}
          renderItem={(n) => (
            <List.Item>
              <Link to={recordPath(ws, n.app, n.form, n.record)} onClick={() => setOpen(false)}>
                {text(n)}
              </Link>
              <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
                {n.created ? new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'short' }).format(new Date(n.created)) : ''}
              </Typography.Text>
            </List.Item>
          )}
        />
      )}
    </div>
  );

  return (
    <Popover
      trigger="click"
      open={open}
      onOpenChange={setOpen}
      placement="bottomRight"
      // Slid sideways to stay on a phone's screen, where the bell is not at the header's right end.
      align={{ overflow: { adjustX: true, adjustY: true, shiftX: true } }}
      title={
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
          <span>{t('bell.title', { ns: 'notify' })}</span>
          <Button type="link" size="small" disabled={items.length === 0} onClick={() => void markAll()} data-testid="mark-all-read">
            {t('bell.markAllRead', { ns: 'notify' })}
          </Button>
        </div>
      }
      content={content}
    >
      <Button type="text" aria-label={t('bell.title', { ns: 'notify' })} data-testid="notification-bell">
        <Badge count={unread.data?.unread ?? 0} size="small" overflowCount={99}>
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
    </Popover>
  );
}
