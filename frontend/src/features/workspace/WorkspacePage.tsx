import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Result, Skeleton, Space, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useParams } from 'react-router';
import { useApi } from '../../shared/api/ApiContext';
import { isApiError } from '../../shared/api/errors';
import { useAuth } from '../../app/auth/AuthContext';
import { LoadError } from '../../shared/components/LoadError';
import { RoleTag } from '../../shared/components/RoleTag';
import { useAsync } from '../../shared/hooks/useAsync';
import { NotifyTab } from '../notify/NotifyTab';
import { AppsTab } from './AppsTab';
import { DepartmentsTab } from '../org/DepartmentsTab';
import { MembersTab } from '../members/MembersTab';

// Apps come first and open by default: it is what members come for (most of them land here
// straight from signing in), as a Jiandaoyun workspace opens on its apps.
const TABS = ['apps', 'members', 'departments', 'notifications'] as const;
type Tab = (typeof TABS)[number];

/** WorkspacePage shows one workspace: its apps, members, department tree and notification settings, as tabs. */
export default function WorkspacePage() {
  const { t, i18n } = useTranslation();
  const { ws = '', tab } = useParams();
  const api = useApi();
  const { user } = useAuth();
  const navigate = useNavigate();
  const workspace = useAsync(() => api.workspace(ws), [api, ws]);
  const members = useAsync(() => api.members(ws), [api, ws]);
  const departments = useAsync(() => api.departments(ws), [api, ws]);

  if (tab !== undefined && !(TABS as readonly string[]).includes(tab)) {
    return <Navigate to={`/w/${encodeURIComponent(ws)}`} replace />;
  }

  if (workspace.loading && !workspace.data) {
    return (
      <div className="fl-page">
        <Skeleton active />
      </div>
    );
  }
  if (workspace.error || !workspace.data) {
    if (isApiError(workspace.error) && (workspace.error.status === 404 || workspace.error.status === 403)) {
      return (
        <Result
          status={workspace.error.status === 404 ? '404' : '403'}
          title={t('workspace.notFound', { ns: 'workspace' })}
          subTitle={workspace.error.message}
          extra={
            <Link to="/">
              <Button type="primary">{t('notFound.home', { ns: 'app' })}</Button>
            </Link>
          }
        />
      );
    }
    return <LoadError error={workspace.error} onRetry={workspace.reload} />;
  }

  const info = workspace.data;
  // The server enforces permissions; this only hides buttons that would be refused.
  const canManage = user?.admin === true || info.role === undefined || info.role === 'owner' || info.role === 'admin';
  const active: Tab = (tab as Tab | undefined) ?? 'apps';

  const reloadAll = () => {
    members.reload();
    departments.reload();
  };

  const tabBody = (which: Tab) => {
    if (which === 'apps') return <AppsTab ws={ws} canManage={canManage} />;
    if (which === 'notifications') return <NotifyTab ws={ws} canManage={canManage} />;
    const state = which === 'members' ? members : departments;
    if (state.error) return <LoadError error={state.error} onRetry={reloadAll} />;
    if ((members.loading && !members.data) || (departments.loading && !departments.data)) return <Skeleton active />;
    const common = {
      ws,
      members: members.data ?? [],
      departments: departments.data ?? [],
      canManage,
      currentUserId: user?.id ?? '',
    };
    return which === 'members' ? (
      <MembersTab {...common} onChanged={members.reload} />
    ) : (
      <DepartmentsTab {...common} onChanged={reloadAll} />
    );
  };

  return (
    <div className="fl-page">
      <div className="fl-page-head">
        <Space align="center" size={12}>
          <Link to="/" aria-label={t('header.workspaces')}>
            <Button type="text" icon={<ArrowLeftOutlined />} />
          </Link>
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="workspace-name">
            {info.name}
          </Typography.Title>
          <RoleTag role={info.role} />
        </Space>
      </div>
      <div className="fl-panel">
        <Tabs
          // Remounted per language so the active-tab underline is measured on the new labels.
          key={i18n.language}
          activeKey={active}
          onChange={(key) => navigate(`/w/${encodeURIComponent(ws)}/${key}`)}
          items={TABS.map((key) => ({
            key,
            label: t(`workspace.tabs.${key}`, { ns: 'workspace' }),
            children: key === active ? tabBody(key) : null,
          }))}
        />
      </div>
    </div>
  );
}
