import { App, Button, Empty, List, Modal, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../shared/api/ApiContext';
import type { AppInfo, Department, Member } from '../../shared/api/types';
import { errorMessage } from '../../shared/lib/apiErrors';
import { localized } from '../../shared/lib/localized';
import { assignRole, revokeRole } from '../designers/permissions/api';
import { appRoles, memberRoles } from './api';
import { addableRoles, roleLabel, type MemberRole, type RoleDef } from './model';

interface Props {
  ws: string;
  member?: Member;
  departments: Department[];
  onClose: () => void;
  /** onChanged hands back the member's roles after a change. */
  onChanged: (userId: string, roles: MemberRole[]) => void;
}

/** MemberRolesModal shows a member's app roles and lets owners and admins give or take them. */
export function MemberRolesModal({ ws, member, departments, onClose, onChanged }: Props) {
  const { t, i18n } = useTranslation('memberRoles');
  const api = useApi();
  const { message } = App.useApp();
  const [held, setHeld] = useState<MemberRole[]>([]);
  const [apps, setApps] = useState<AppInfo[]>([]);
  const [app, setApp] = useState<string>();
  const [roles, setRoles] = useState<RoleDef[]>([]);
  const [role, setRole] = useState<string>();
  const [busy, setBusy] = useState(false);
  const lang = i18n.language;
  const userId = member?.userId;

  // Another member starts with nothing chosen, before their roles load.
  const [shownFor, setShownFor] = useState(userId);
  if (userId !== shownFor) {
    setShownFor(userId);
    if (userId) {
      setApp(undefined);
      setRole(undefined);
      setRoles([]);
    }
  }

  useEffect(() => {
    if (!userId) return;
    Promise.all([memberRoles(api, ws, userId), api.apps(ws)])
      .then(([h, as]) => {
        setHeld(h);
        setApps(as.filter((a) => a.published > 0));
      })
      .catch(() => message.error(t('loadFailed')));
  }, [api, ws, userId, message, t]);

  useEffect(() => {
    const a = apps.find((x) => x.id === app);
    if (!a) return;
    let stale = false;
    appRoles(api, ws, a.id, a.published)
      .then((rs) => !stale && setRoles(rs))
      .catch(() => !stale && message.error(t('loadFailed')));
    return () => {
      stale = true;
    };
  }, [api, ws, app, apps, message, t]);

  // Another app starts with no role chosen, before its roles load.
  const chooseApp = (id: string) => {
    setApp(id);
    setRole(undefined);
    setRoles([]);
  };

  const reload = async () => {
    if (!userId) return;
    const h = await memberRoles(api, ws, userId);
    setHeld(h);
    onChanged(userId, h);
  };

  const add = async () => {
    if (!userId || !app || !role) return;
    setBusy(true);
    try {
      await assignRole(api, ws, app, role, { user: userId });
      message.success(t('added'));
      setRole(undefined);
      await reload();
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (r: MemberRole) => {
    if (!userId) return;
    setBusy(true);
    try {
      await revokeRole(api, ws, r.app, r.role, { user: userId });
      message.success(t('removed'));
      await reload();
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const deptName = (id?: string) => departments.find((d) => d.id === id)?.name ?? id ?? '';
  const choices = app ? addableRoles(roles, held, app) : [];

  return (
    <Modal
      open={!!member}
      title={t('title', { name: member?.name || member?.email || '' })}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
    >
      <List<MemberRole>
        size="small"
        dataSource={held}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('none')} /> }}
        data-testid="member-roles-list"
        renderItem={(r) => (
          <List.Item
            actions={
              r.via === 'member'
                ? [
                    <Button key="remove" type="link" size="small" danger disabled={busy} onClick={() => remove(r)}>
                      {t('remove')}
                    </Button>,
                  ]
                : []
            }
          >
            <Space size={6} wrap>
              <Tag color="blue">{roleLabel(r, lang)}</Tag>
              {r.via === 'department' && (
                <Typography.Text type="secondary">{t('viaDepartment', { department: deptName(r.department) })}</Typography.Text>
              )}
            </Space>
          </List.Item>
        )}
      />
      <Space wrap style={{ marginTop: 16 }}>
        <Select
          style={{ width: 200 }}
          placeholder={t('pickApp')}
          aria-label={t('app')}
          value={app}
          onChange={chooseApp}
          notFoundContent={t('noApps')}
          options={apps.map((a) => ({ value: a.id, label: localized(a.name, lang) || a.key }))}
          data-testid="member-roles-app"
        />
        <Select
          style={{ width: 180 }}
          placeholder={t('pickRole')}
          aria-label={t('role')}
          value={role}
          onChange={setRole}
          disabled={!app}
          options={choices.map((r) => ({ value: r.key, label: localized(r.name, lang) || r.key }))}
          data-testid="member-roles-role"
        />
        <Button type="primary" disabled={!app || !role} loading={busy} onClick={add} data-testid="member-roles-add">
          {t('add')}
        </Button>
      </Space>
    </Modal>
  );
}
