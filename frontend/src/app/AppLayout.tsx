import { AppstoreOutlined, DownOutlined, EditOutlined, InboxOutlined, LockOutlined, LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import '../features/records/enduser.css';
import { Avatar, Badge, Button, Dropdown, Layout, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation, useNavigate, useParams } from 'react-router';
import { useApi } from '../shared/api/ApiContext';
import { useAuth } from './auth/AuthContext';
import { useAsync } from '../shared/hooks/useAsync';
import { useLiveTick } from '../shared/hooks/useLiveTick';
import { LanguageSwitch } from '../shared/components/LanguageSwitch';
import { Logo } from '../shared/components/Logo';
import { SearchBox } from '../features/search/SearchBox';
import { NotificationBell } from '../features/notify/NotificationBell';
import { ChangePasswordModal } from '../features/auth/ChangePasswordModal';
import { RenameModal } from '../features/auth/RenameModal';

/** AppLayout is the frame of every signed-in page: header on top, page below. */
export function AppLayout() {
  const { t } = useTranslation();
  const { user, signOut } = useAuth();
  const navigate = useNavigate();
  const { ws } = useParams();
  const [editing, setEditing] = useState<'rename' | 'password'>();

  const onSignOut = async () => {
    try {
      await signOut();
    } finally {
      navigate('/login', { replace: true });
    }
  };

  return (
    <Layout className="fl-layout">
      <Layout.Header className="fl-header">
        <Link to="/" className="fl-brand">
          <Logo />
          <span>{t('app.name')}</span>
        </Link>
        {ws ? <WorkspaceNav ws={ws} /> : <span style={{ flex: 1 }} />}
        <Space size={4}>
          {ws && <SearchBox ws={ws} />}
          {ws && <PhoneMenu ws={ws} />}
          {ws && <NotificationBell ws={ws} />}
          <LanguageSwitch />
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                {
                  key: 'email',
                  label: <Typography.Text type="secondary">{user?.email}</Typography.Text>,
                  disabled: true,
                },
                { type: 'divider' },
                { key: 'rename', icon: <EditOutlined />, label: t('header.rename') },
                { key: 'password', icon: <LockOutlined />, label: t('header.password') },
                { type: 'divider' },
                { key: 'signout', icon: <LogoutOutlined />, label: t('header.signOut'), danger: false },
              ],
              onClick: ({ key }) => {
                if (key === 'signout') void onSignOut();
                if (key === 'rename' || key === 'password') setEditing(key);
              },
            }}
          >
            <Button type="text" data-testid="user-menu">
              <Space size={8}>
                <Avatar size="small" icon={<UserOutlined />} style={{ backgroundColor: '#1677ff' }} />
                <span className="fl-user-name">{user?.name || user?.email}</span>
                <DownOutlined style={{ fontSize: 10 }} />
              </Space>
            </Button>
          </Dropdown>
        </Space>
      </Layout.Header>
      <Layout.Content className="fl-content">
        <Outlet />
      </Layout.Content>
      <RenameModal open={editing === 'rename'} onClose={() => setEditing(undefined)} />
      <ChangePasswordModal open={editing === 'password'} onClose={() => setEditing(undefined)} />
    </Layout>
  );
}

/** PhoneMenu is the workspace navigation on a phone, where the header has no room for it. */
function PhoneMenu({ ws }: { ws: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const base = `/w/${encodeURIComponent(ws)}`;
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          { key: `${base}/apps`, icon: <AppstoreOutlined />, label: t('nav.apps') },
          { key: `${base}/inbox`, icon: <InboxOutlined />, label: t('nav.inbox') },
        ],
        onClick: ({ key }) => navigate(key),
      }}
    >
      <Button type="text" className="fl-header-menu" icon={<MenuOutlined />} aria-label={t('nav.apps')} data-testid="header-menu" />
    </Dropdown>
  );
}

/** WorkspaceNav links a workspace's apps and its inbox, with the number of open tasks. */
function WorkspaceNav({ ws }: { ws: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const location = useLocation();
  // Asked again on every navigation (acting elsewhere changes the counts) and while the page
  // is open (others' actions bring new to-dos).
  const live = useLiveTick();
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the path and the tick are the triggers, see above
  const counts = useAsync(() => api.inboxCounts(ws), [api, ws, location.pathname, live]);
  const base = `/w/${encodeURIComponent(ws)}`;
  return (
    <nav className="fl-nav">
      <NavLink to={`${base}/apps`} end={false}>
        <Button type="text" icon={<AppstoreOutlined />}>
          {t('nav.apps')}
        </Button>
      </NavLink>
      <NavLink to={`${base}/inbox`} data-testid="nav-inbox">
        <Button type="text" icon={<InboxOutlined />}>
          <Space size={6}>
            {t('nav.inbox')}
            <Badge count={counts.data?.todo ?? 0} size="small" color={counts.data?.overdue ? '#cf1322' : '#1677ff'} />
          </Space>
        </Button>
      </NavLink>
    </nav>
  );
}
