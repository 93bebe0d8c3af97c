import { DownOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Button, Dropdown, Layout, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useNavigate } from 'react-router';
import { useAuth } from '../auth/AuthContext';
import { LanguageSwitch } from './LanguageSwitch';
import { Logo } from './Logo';

/** AppLayout is the frame of every signed-in page: header on top, page below. */
export function AppLayout() {
  const { t } = useTranslation();
  const { user, signOut } = useAuth();
  const navigate = useNavigate();

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
        <Space size={4}>
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
                { key: 'signout', icon: <LogoutOutlined />, label: t('header.signOut'), danger: false },
              ],
              onClick: ({ key }) => {
                if (key === 'signout') void onSignOut();
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
    </Layout>
  );
}
