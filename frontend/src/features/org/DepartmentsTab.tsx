import { ApartmentOutlined, DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Empty, Popconfirm, Space, Table, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../shared/api/ApiContext';
import type { Department } from '../../shared/api/types';
import { errorMessage } from '../../shared/lib/apiErrors';
import { buildDeptTree, type DeptNode } from './deptTree';
import { DepartmentModal, type DeptModalState } from './DepartmentModal';
import type { WorkspaceTabProps } from '../members/MembersTab';

interface Row {
  key: string;
  dept: Department;
  hasChildren: boolean;
  children?: Row[];
}

function toRows(nodes: DeptNode[]): Row[] {
  return nodes.map((n) => ({
    key: n.dept.id,
    dept: n.dept,
    hasChildren: n.children.length > 0,
    children: n.children.length > 0 ? toRows(n.children) : undefined,
  }));
}

/** DepartmentsTab shows the org tree and lets admins create, edit and delete departments. */
export function DepartmentsTab({ ws, members, departments, canManage, onChanged }: WorkspaceTabProps) {
  const { t } = useTranslation();
  const api = useApi();
  const { message } = App.useApp();
  const [modal, setModal] = useState<DeptModalState>();
  // Everything starts expanded; the user's collapses are remembered across reloads.
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());

  const rows = useMemo(() => toRows(buildDeptTree(departments)), [departments]);
  const memberNames = useMemo(() => new Map(members.map((m) => [m.userId, m.name || m.email])), [members]);
  const counts = useMemo(() => {
    const c = new Map<string, number>();
    for (const m of members) for (const d of m.departments ?? []) c.set(d, (c.get(d) ?? 0) + 1);
    return c;
  }, [members]);
  const expanded = useMemo(
    () => departments.filter((d) => !collapsed.has(d.id)).map((d) => d.id),
    [departments, collapsed],
  );

  const remove = async (d: Department) => {
    try {
      await api.deleteDepartment(ws, d.id);
      message.success(t('deleted', { ns: 'org' }));
      onChanged();
    } catch (err) {
      message.error(errorMessage(err));
    }
  };

  const columns: ColumnsType<Row> = [
    {
      title: t('name', { ns: 'org' }),
      key: 'name',
      render: (_, r) => (
        <Space size={8}>
          <ApartmentOutlined style={{ color: '#8c8c8c' }} />
          <Typography.Text>{r.dept.name}</Typography.Text>
        </Space>
      ),
    },
    {
      title: t('head', { ns: 'org' }),
      key: 'head',
      width: 200,
      render: (_, r) =>
        r.dept.head ? (
          memberNames.get(r.dept.head) ?? r.dept.head
        ) : (
          <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
        ),
    },
    {
      title: t('members', { ns: 'org' }),
      key: 'members',
      width: 100,
      render: (_, r) => counts.get(r.dept.id) ?? 0,
    },
  ];
  if (canManage) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 300,
      render: (_, r) => (
        <Space size={0}>
          <Button type="link" size="small" icon={<PlusOutlined />} onClick={() => setModal({ mode: 'create', parent: r.dept.id })}>
            {t('addChild', { ns: 'org' })}
          </Button>
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setModal({ mode: 'edit', dept: r.dept })}>
            {t('common.edit')}
          </Button>
          <Popconfirm
            title={t('deleteConfirm', { ns: 'org', name: r.dept.name })}
            description={r.hasChildren ? t('deleteHasChildren', { ns: 'org' }) : undefined}
            okText={t('common.delete')}
            okButtonProps={{ danger: true, disabled: r.hasChildren }}
            cancelText={t('common.cancel')}
            onConfirm={() => remove(r.dept)}
          >
            <Tooltip title={r.hasChildren ? t('deleteHasChildren', { ns: 'org' }) : undefined}>
              <Button type="link" size="small" danger icon={<DeleteOutlined />}>
                {t('common.delete')}
              </Button>
            </Tooltip>
          </Popconfirm>
        </Space>
      ),
    });
  }

  return (
    <>
      <div className="fl-toolbar">
        <span />
        {canManage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setModal({ mode: 'create' })} data-testid="create-department">
            {t('create', { ns: 'org' })}
          </Button>
        )}
      </div>
      {rows.length === 0 ? (
        <Empty description={t('empty', { ns: 'org' })} />
      ) : (
        <Table<Row>
          columns={columns}
          dataSource={rows}
          pagination={false}
          expandable={{
            expandedRowKeys: expanded,
            onExpand: (open, r) =>
              setCollapsed((prev) => {
                const next = new Set(prev);
                if (open) next.delete(r.key);
                else next.add(r.key);
                return next;
              }),
          }}
          data-testid="departments-table"
        />
      )}
      <DepartmentModal
        ws={ws}
        state={modal}
        departments={departments}
        members={members}
        onClose={() => setModal(undefined)}
        onSaved={onChanged}
      />
    </>
  );
}
