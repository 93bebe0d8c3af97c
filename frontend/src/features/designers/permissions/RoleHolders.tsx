import { ApartmentOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, App, Button, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../../shared/api/ApiContext';
import { isApiError } from '../../../shared/api/errors';
import { DepartmentSelect } from '../../org/DepartmentSelect';
import { errorMessage } from '../../../shared/lib/apiErrors';
import { useAsync } from '../../../shared/hooks/useAsync';
import { usePublished } from '../store/PublishedContext';
import { assignRole, revokeRole, roleAssignees, type Assignee } from './api';
import { roles } from './model';

/**
 * RoleHolders shows and changes who holds a role: members and whole departments (the members
 * of a department and of every department below it hold the role). Assignments act on the
 * published app at once, so a role not yet published cannot be given out: its holders are
 * not asked for (the server knows only published roles), a hint says to publish instead.
 */
export function RoleHolders({ ws, app, role }: { ws: string; app: string; role: string }) {
  const published = usePublished();
  if (published.loading) return <Skeleton active title={false} paragraph={{ rows: 1 }} />;
  // Not known (it could not be read): the server is asked, and its 404 says the same.
  if (published.doc && !roles(published.doc).some((r) => r.key === role)) return <PublishFirst />;
  return <Holders ws={ws} app={app} role={role} />;
}

function PublishFirst() {
  const { t } = useTranslation('designerPermissions');
  return <Alert type="info" showIcon message={t('holders.publishFirst')} data-testid="role-publish-first" />;
}

/** Holders lists and changes the holders of a published role. */
function Holders({ ws, app, role }: { ws: string; app: string; role: string }) {
  const { t } = useTranslation('designerPermissions');
  const api = useApi();
  const { message } = App.useApp();
  const holders = useAsync(() => roleAssignees(api, ws, app, role), [api, ws, app, role]);
  const members = useAsync(() => api.members(ws), [api, ws]);
  const departments = useAsync(() => api.departments(ws), [api, ws]);
  const [member, setMember] = useState<string>();
  const [dept, setDept] = useState<string>();
  const [busy, setBusy] = useState(false);

  // The published app has no such role after all (published again since the page read it):
  // nobody holds it, nor can until the draft is published.
  if (isApiError(holders.error) && holders.error.status === 404) return <PublishFirst />;
  if (holders.error) return <Alert type="error" showIcon message={errorMessage(holders.error)} />;

  const name = (a: Assignee) =>
    a.user
      ? (members.data ?? []).find((m) => m.userId === a.user)?.name || (members.data ?? []).find((m) => m.userId === a.user)?.email || a.user
      : (departments.data ?? []).find((d) => d.id === a.department)?.name || a.department || '';

  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await fn();
      holders.reload();
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const held = holders.data ?? [];
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="role-holders">
      <Space wrap>
        {held.length === 0 && <Typography.Text type="secondary">{t('holders.none')}</Typography.Text>}
        {held.map((a) => (
          <Tag
            key={a.user ?? `dept:${a.department}`}
            icon={a.user ? <UserOutlined /> : <ApartmentOutlined />}
            closable
            onClose={(e) => {
              e.preventDefault();
              void run(() => revokeRole(api, ws, app, role, a));
            }}
            data-testid="role-holder"
          >
            {name(a)}
            {a.department ? ` ${t('holders.withSub')}` : ''}
          </Tag>
        ))}
      </Space>
      <Space.Compact style={{ width: '100%' }}>
        <Select
          showSearch
          optionFilterProp="label"
          placeholder={t('holders.member')}
          value={member}
          onChange={setMember}
          style={{ flex: 1 }}
          data-testid="holder-member"
          options={(members.data ?? [])
            .filter((m) => m.status === 'active' && !held.some((h) => h.user === m.userId))
            .map((m) => ({ value: m.userId, label: m.name ? `${m.name} (${m.email})` : m.email }))}
        />
        <Button
          loading={busy}
          disabled={!member}
          onClick={() => void run(() => assignRole(api, ws, app, role, { user: member }).then(() => setMember(undefined)))}
          data-testid="holder-add-member"
        >
          {t('holders.add')}
        </Button>
      </Space.Compact>
      <Space.Compact style={{ width: '100%' }}>
        <div style={{ flex: 1 }}>
          <DepartmentSelect departments={departments.data ?? []} value={dept} onChange={(v) => setDept(typeof v === 'string' ? v : undefined)} placeholder={t('holders.department')} />
        </div>
        <Button
          loading={busy}
          disabled={!dept}
          onClick={() => void run(() => assignRole(api, ws, app, role, { department: dept }).then(() => setDept(undefined)))}
          data-testid="holder-add-department"
        >
          {t('holders.add')}
        </Button>
      </Space.Compact>
    </Space>
  );
}
