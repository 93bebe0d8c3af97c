import { DeleteOutlined, EditOutlined, KeyOutlined, LinkOutlined, SafetyOutlined, SearchOutlined, UserAddOutlined } from '@ant-design/icons';
import { App, Badge, Button, Input, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../shared/api/ApiContext';
import type { Department, Member } from '../../shared/api/types';
import { RoleTag } from '../../shared/components/RoleTag';
import { memberRoles } from './api';
import { MemberRolesModal } from './MemberRolesModal';
import { roleLabel, type MemberRole } from './model';
import { errorMessage } from '../../shared/lib/apiErrors';
import { deptPath } from '../org/deptTree';
import { EditMemberModal } from './EditMemberModal';
import { InviteModal } from './InviteModal';
import { SetupLinkModal } from './SetupLinkModal';

export interface WorkspaceTabProps {
  ws: string;
  members: Member[];
  departments: Department[];
  canManage: boolean;
  currentUserId: string;
  onChanged: () => void;
}

/** MembersTab lists the workspace's people and lets admins invite, edit and remove them. */
export function MembersTab({ ws, members, departments, canManage, currentUserId, onChanged }: WorkspaceTabProps) {
  const { t } = useTranslation();
  const api = useApi();
  const { message } = App.useApp();
  const [query, setQuery] = useState('');
  const [inviting, setInviting] = useState(false);
  const [editing, setEditing] = useState<Member>();
  const [rolesOf, setRolesOf] = useState<Member>();
  const [linkFor, setLinkFor] = useState<Member>();
  const [appRoles, setAppRoles] = useState<Record<string, MemberRole[]>>({});
  const tr = useTranslation('memberRoles');

  // Owners and admins see each member's app roles (one call per member).
  useEffect(() => {
    if (!canManage) return;
    let live = true;
    Promise.all(members.map(async (m) => [m.userId, await memberRoles(api, ws, m.userId).catch(() => [])] as const)).then(
      (pairs) => {
        if (live) setAppRoles(Object.fromEntries(pairs));
      },
    );
    return () => {
      live = false;
    };
  }, [api, ws, members, canManage]);

  const deptNames = useMemo(() => new Map(departments.map((d) => [d.id, d.name])), [departments]);

  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    if (!q) return members;
    return members.filter((m) => m.name.toLowerCase().includes(q) || m.email.toLowerCase().includes(q));
  }, [members, query]);

  const remove = async (m: Member) => {
    try {
      await api.removeMember(ws, m.userId);
      message.success(t('removed', { ns: 'members' }));
      onChanged();
    } catch (err) {
      message.error(errorMessage(err));
    }
  };

  const columns: ColumnsType<Member> = [
    {
      title: t('name', { ns: 'members' }),
      dataIndex: 'name',
      render: (_, m) => (
        <Space size={6} style={{ whiteSpace: 'nowrap' }}>
          <Typography.Text strong={m.userId === currentUserId}>{m.name || '—'}</Typography.Text>
          {m.userId === currentUserId && <Tag bordered={false}>{t('you', { ns: 'members' })}</Tag>}
        </Space>
      ),
    },
    { title: t('email', { ns: 'members' }), dataIndex: 'email' },
    { title: t('role', { ns: 'members' }), dataIndex: 'role', width: 110, render: (_, m) => <RoleTag role={m.role} /> },
    {
      title: t('departments', { ns: 'members' }),
      dataIndex: 'departments',
      onHeaderCell: () => ({ style: { whiteSpace: 'nowrap' } }),
      render: (_, m) =>
        (m.departments ?? []).map((id) => (
          <Tooltip key={id} title={deptPath(departments, id)}>
            <Tag>{deptNames.get(id) ?? id}</Tag>
          </Tooltip>
        )),
    },
    {
      title: t('status', { ns: 'members' }),
      dataIndex: 'status',
      width: 110,
      render: (_, m) =>
        m.status === 'pending' ? (
          <Badge status="warning" text={t('statusPending', { ns: 'members' })} />
        ) : (
          <Badge status="success" text={t('statusActive', { ns: 'members' })} />
        ),
    },
  ];
  if (canManage) {
    columns.push({
      title: tr.t('column'),
      key: 'appRoles',
      render: (_, m) => {
        const rs = appRoles[m.userId] ?? [];
        if (rs.length === 0) return <Typography.Text type="secondary">{tr.t('none')}</Typography.Text>;
        return rs.map((r) => (
          <Tooltip
            key={`${r.app}|${r.role}|${r.via}|${r.department ?? ''}`}
            title={r.via === 'department' ? tr.t('viaDepartment', { department: deptNames.get(r.department ?? '') ?? r.department }) : undefined}
          >
            <Tag color={r.via === 'member' ? 'blue' : undefined}>{roleLabel(r, tr.i18n.language)}</Tag>
          </Tooltip>
        ));
      },
    });
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 340,
      render: (_, m) => (
        <Space size={0}>
          <Button type="link" size="small" icon={<SafetyOutlined />} onClick={() => setRolesOf(m)} data-testid="member-app-roles">
            {tr.t('edit')}
          </Button>
          {m.role !== 'owner' && (
            <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(m)}>
              {t('common.edit')}
            </Button>
          )}
          {m.userId !== currentUserId && (
            <Button
              type="link"
              size="small"
              icon={m.status === 'pending' ? <LinkOutlined /> : <KeyOutlined />}
              onClick={() => setLinkFor(m)}
              data-testid="member-setup-link"
            >
              {t(m.status === 'pending' ? 'resendInvite' : 'resetPassword', { ns: 'members' })}
            </Button>
          )}
          {m.role !== 'owner' && m.userId !== currentUserId && (
            <Popconfirm
              title={t('removeConfirm', { ns: 'members', name: m.name || m.email })}
              okText={t('remove', { ns: 'members' })}
              okButtonProps={{ danger: true }}
              cancelText={t('common.cancel')}
              onConfirm={() => remove(m)}
            >
              <Button type="link" size="small" danger icon={<DeleteOutlined />}>
                {t('remove', { ns: 'members' })}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    });
  }

  return (
    <>
      <div className="fl-toolbar">
        <Input
          allowClear
          prefix={<SearchOutlined />}
          placeholder={t('search', { ns: 'members' })}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          style={{ maxWidth: 280 }}
        />
        {canManage && (
          <Button type="primary" icon={<UserAddOutlined />} onClick={() => setInviting(true)} data-testid="invite-member">
            {t('invite', { ns: 'members' })}
          </Button>
        )}
      </div>
      <Table<Member>
        rowKey="userId"
        columns={columns}
        dataSource={shown}
        pagination={shown.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        locale={{ emptyText: t('empty', { ns: 'members' }) }}
        data-testid="members-table"
      />
      <InviteModal
        ws={ws}
        open={inviting}
        departments={departments}
        onClose={() => setInviting(false)}
        onInvited={onChanged}
      />
      <EditMemberModal
        ws={ws}
        member={editing}
        departments={departments}
        onClose={() => setEditing(undefined)}
        onSaved={onChanged}
      />
      <SetupLinkModal ws={ws} member={linkFor} onClose={() => setLinkFor(undefined)} />
      <MemberRolesModal
        ws={ws}
        member={rolesOf}
        departments={departments}
        onClose={() => setRolesOf(undefined)}
        onChanged={(id, rs) => setAppRoles((cur) => ({ ...cur, [id]: rs }))}
      />
    </>
  );
}
