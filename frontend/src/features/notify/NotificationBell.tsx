import { BellOutlined } from '@ant-design/icons';
import { App, Badge, Button, Empty, List, Popover, Segmented, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useApi } from '../../shared/api/ApiContext';
import type { NotificationItem } from '../../shared/api/types';
import { errorMessage } from '../../shared/lib/apiErrors';
import { notificationRecord, notificationText } from './model';
import { useAsync } from '../../shared/hooks/useAsync';
import { useLiveTick } from '../../shared/hooks/useLiveTick';
import { recordPath } from '../../shared/hooks/useWorkspaceData';

/**
 * NotificationBell shows a workspace's notifications: the unread ones, or all of them (the read
 * ones greyed) for the one read a minute ago that is gone from the list. Opening one marks it
 * read; "all read" marks the rest.
 */
export function NotificationBell({ ws }: { ws: string }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const { message } = App.useApp();
  const location = useLocation();
  const [open, setOpen] = useState(false);
  const [all, setAll] = useState(false);
  // Asked again on every navigation (actions elsewhere in the UI create notifications) and
  // while the page is open (others' actions do).
  const live = useLiveTick();
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the path and the tick are the triggers, see above
  const unread = useAsync(() => api.notifications(ws, !all), [api, ws, location.pathname, all, live]);

  const opened = (n: NotificationItem) => {
    setOpen(false);
    // Read once opened; a failure leaves it unread, which costs nothing but a second look.
    if (!n.read) void api.markNotificationsRead(ws, [n.id]).then(() => unread.reload(), () => undefined);
  };

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
  const unreadCount = unread.data?.unread ?? 0;
  const content = (
    // No wider than a phone's screen less the popover's padding: it would scroll the page sideways.
    <div style={{ width: 'min(340px, calc(100vw - 56px))' }} data-testid="notifications">
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(all ? 'bell.none' : 'bell.empty', { ns: 'notify' })} />
      ) : (
        <List
          size="small"
          dataSource={items}
          renderItem={(n) => (
            <List.Item data-testid={n.read ? 'notification-read' : 'notification-unread'}>
              <Link to={recordPath(ws, n.app, n.form, n.record)} onClick={() => opened(n)} style={n.read ? { color: 'rgba(0, 0, 0, 0.45)' } : undefined}>
                {/* Which record first, then what happened to it. */}
                {notificationRecord(n) && <div style={{ fontWeight: n.read ? undefined : 500 }}>{notificationRecord(n)}</div>}
                <div>{text(n)}</div>
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
          <Segmented
            size="small"
            value={all ? 'all' : 'unread'}
            onChange={(v) => setAll(v === 'all')}
            options={[
              { value: 'unread', label: t('bell.unread', { ns: 'notify' }) },
              { value: 'all', label: t('bell.all', { ns: 'notify' }) },
            ]}
            data-testid="notifications-filter"
          />
          <Button type="link" size="small" disabled={unreadCount === 0} onClick={() => void markAll()} data-testid="mark-all-read">
            {t('bell.markAllRead', { ns: 'notify' })}
          </Button>
        </div>
      }
      content={content}
    >
      <Button type="text" aria-label={t('bell.title', { ns: 'notify' })} data-testid="notification-bell">
        <Badge count={unreadCount} size="small" overflowCount={99}>
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
    </Popover>
  );
}
