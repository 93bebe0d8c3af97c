import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Col, Empty, Form, Input, List, Modal, Row, Space, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formChoices, formFields, freeKey } from '../query/fields';
import type { DesignerPartProps } from '../registry';
import { useDraft } from '../store/DraftContext';
import { pointerOf } from '../store/problems';
import { ExplainPanel } from './ExplainPanel';
import { FormPermission } from './FormPermission';
import { addRole, permission, removeRole, renameRole, RoleInUse, roleUsage, roles, setManage, type RoleUse } from './model';
import { RoleHolders } from './RoleHolders';

/** testId puts a data-testid on antd props that do not declare data attributes. */
const testId = (id: string) => ({ 'data-testid': id }) as Record<string, string>;

/**
 * PermissionsDesigner is the roles and permissions part of the app designer: the app's roles
 * on the left (add, rename in both languages, delete showing what it affects); for the chosen
 * role who holds it, its permissions on every form (actions, data scope, field grid) and an
 * explain panel that checks the matrix on a real member.
 */
export default function PermissionsDesigner({ ws, app }: DesignerPartProps) {
  const { t, i18n } = useTranslation('designerPermissions');
  const draft = useDraft();
  const doc = draft.doc;
  const list = roles(doc);
  const [selected, setSelected] = useState<string | undefined>(list[0]?.key);
  const [adding, setAdding] = useState(false);
  const [newName, setNewName] = useState({ zh: '', en: '' });
  const [blocked, setBlocked] = useState<RoleUse[]>();
  const role = list.find((r) => r.key === selected) ?? list[0];

  // A problem under /roles/i or a permission of a role selects that role.
  // It is done in the render that sees a new selection, not in an effect after it.
  const selection = draft.state.selection;
  const [seen, setSeen] = useState<string>();
  if (selection !== seen) {
    setSeen(selection);
    const m = selection ? /^\/roles\/(\d+)/.exec(selection) : null;
    if (m) setSelected(list[Number(m[1])]?.key);
    const p = selection ? /^\/permissions\/(\d+)/.exec(selection) : null;
    if (p) setSelected((doc.permissions as { role?: string }[] | undefined)?.[Number(p[1])]?.role);
  }

  const usageText = (u: RoleUse) =>
    t(`usage.${u.kind}`, { owner: u.kind === 'permission' ? formChoices(doc, i18n.language).find((f) => f.value === u.owner)?.label ?? t('usage.app') : u.owner });

  const confirmDelete = (key: string) => {
    const uses = roleUsage(doc, key);
    const blocking = uses.filter((u) => u.kind !== 'permission');
    if (blocking.length > 0) {
      setBlocked(blocking);
      return;
    }
    Modal.confirm({
      title: t('roles.deleteTitle'),
      content: uses.length === 0 ? t('roles.deleteUnused') : (
        <div>
          <p>{t('roles.deleteAffects')}</p>
          <ul>{uses.map((u) => <li key={u.pointer}>{usageText(u)}</li>)}</ul>
        </div>
      ),
      okButtonProps: { danger: true, ...testId('role-delete-ok') },
      onOk: () => {
        try {
          draft.edit((d) => removeRole(d, key));
        } catch (err) {
          if (err instanceof RoleInUse) setBlocked(err.uses);
        }
      },
    });
  };

  const add = () => {
    const key = freeKey(`role${list.length + 1}`, list.map((r) => r.key));
    draft.edit((d) => addRole(d, key, newName), pointerOf('roles', list.length));
    setSelected(key);
    setAdding(false);
    setNewName({ zh: '', en: '' });
  };

  const forms = formChoices(doc, i18n.language);
  const manages = role ? (permission(doc, role.key)?.actions.includes('manage') ?? false) : false;

  return (
    <Row gutter={16}>
      <Col xs={24} md={7}>
        <Card
          size="small"
          title={t('roles.title')}
          extra={<Button size="small" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="role-add">{t('roles.add')}</Button>}
        >
          <List
            size="small"
            dataSource={list}
            locale={{ emptyText: t('roles.none') }}
            renderItem={(r) => {
              const n = draft.problemsAt(pointerOf('roles', r.index)).length;
              return (
                <List.Item
                  onClick={() => setSelected(r.key)}
                  style={{ cursor: 'pointer', background: r.key === role?.key ? '#e6f4ff' : undefined, paddingInline: 8 }}
                  data-testid={`role-${r.key}`}
                  actions={[
                    <Button key="del" type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('roles.delete')} onClick={(e) => { e.stopPropagation(); confirmDelete(r.key); }} data-testid={`role-delete-${r.key}`} />,
                  ]}
                >
                  <Typography.Text type={n > 0 ? 'danger' : undefined}>{(i18n.language.startsWith('en') ? r.name.en || r.name.zh : r.name.zh || r.name.en) || r.key}</Typography.Text>
                </List.Item>
              );
            }}
          />
        </Card>
      </Col>
      <Col xs={24} md={17}>
        {!role ? (
          <Empty description={t('roles.none')} />
        ) : (
          <Tabs
            items={[
              {
                key: 'people',
                label: t('tabs.people'),
                children: (
                  <Space direction="vertical" style={{ width: '100%' }}>
                    {draft.problemsAt(pointerOf('roles', role.index)).map((p) => <Alert key={p.pointer} type="error" showIcon message={p.message} />)}
                    <Form layout="vertical">
                      <Row gutter={12}>
                        <Col xs={24} sm={12}>
                          <Form.Item label={t('roles.nameZh')}>
                            <Input key={`${role.key}-zh-${draft.state.revision}`} defaultValue={role.name.zh} onBlur={(e) => draft.edit((d) => renameRole(d, role.key, { zh: e.target.value, en: role.name.en }))} data-testid="role-name-zh" />
                          </Form.Item>
                        </Col>
                        <Col xs={24} sm={12}>
                          <Form.Item label={t('roles.nameEn')}>
                            <Input key={`${role.key}-en-${draft.state.revision}`} defaultValue={role.name.en} onBlur={(e) => draft.edit((d) => renameRole(d, role.key, { zh: role.name.zh, en: e.target.value }))} data-testid="role-name-en" />
                          </Form.Item>
                        </Col>
                      </Row>
                      <Typography.Text type="secondary">{t('roles.key', { key: role.key })}</Typography.Text>
                    </Form>
                    <Typography.Title level={5}>{t('holders.title')}</Typography.Title>
                    <RoleHolders ws={ws} app={app} role={role.key} />
                  </Space>
                ),
              },
              {
                key: 'matrix',
                label: <span data-testid="tab-matrix">{t('tabs.matrix')}</span>,
                children: (
                  <div data-testid="perm-matrix">
                    <Checkbox checked={manages} onChange={(e) => draft.edit((d) => setManage(d, role.key, e.target.checked))} style={{ marginBottom: 12 }} data-testid="perm-manage">
                      {t('matrix.manage')}
                    </Checkbox>
                    {forms.map((f) => (
                      <FormPermission key={f.value} role={role.key} form={f.value} formLabel={f.label} fields={formFields(doc, f.value, i18n.language)} />
                    ))}
                  </div>
                ),
              },
              {
                key: 'explain',
                label: <span data-testid="tab-explain">{t('tabs.explain')}</span>,
                children: <ExplainPanel ws={ws} app={app} doc={doc} />,
              },
            ]}
          />
        )}
      </Col>
      <Modal open={adding} title={t('roles.add')} onOk={add} onCancel={() => setAdding(false)} okButtonProps={{ disabled: !newName.zh.trim(), ...testId('role-add-ok') }}>
        <Form layout="vertical">
          <Form.Item label={t('roles.nameZh')} required>
            <Input value={newName.zh} onChange={(e) => setNewName({ ...newName, zh: e.target.value })} data-testid="role-new-zh" />
          </Form.Item>
          <Form.Item label={t('roles.nameEn')}>
            <Input value={newName.en} onChange={(e) => setNewName({ ...newName, en: e.target.value })} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={!!blocked} title={t('roles.inUseTitle')} footer={null} onCancel={() => setBlocked(undefined)}>
        <Alert type="warning" showIcon message={t('roles.inUse')} />
        <ul data-testid="role-in-use">{(blocked ?? []).map((u) => <li key={u.pointer}>{usageText(u)}</li>)}</ul>
      </Modal>
    </Row>
  );
}
