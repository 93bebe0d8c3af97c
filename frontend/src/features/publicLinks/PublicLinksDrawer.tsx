import { CopyOutlined, ExportOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Drawer, Empty, Form, Grid, List, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../shared/api/ApiContext';
import { isApiError } from '../../shared/api/errors';
import type { FormDef, PipelineDef } from '../../shared/api/types';
import { errorMessage } from '../../shared/lib/apiErrors';
import { localized } from '../../shared/lib/localized';
import { useAsync } from '../../shared/hooks/useAsync';
import type { People } from '../../shared/hooks/useWorkspaceData';
import { createLink, listLinks, revokeLink, updateLink } from './api';
import { defaultExposed, linkFields, publicFormUrl, sameFields, type PublicLink } from './model';

export interface PublicLinksDrawerProps {
  ws: string;
  app: string;
  form: FormDef;
  pipelines?: PipelineDef[];
  people: People;
  open: boolean;
  onClose: () => void;
}

interface Editing {
  /** The link being edited; undefined for a new one. */
  link?: PublicLink;
  owner?: string;
  fields: string[];
  show: string[];
}

/**
 * PublicLinksDrawer lets a workspace owner or admin publish a form for anonymous
 * submissions: create links, choose the fields visitors fill and what the receipt shows,
 * copy a link, and turn one off.
 */
export function PublicLinksDrawer({ ws, app, form, pipelines, people, open, onClose }: PublicLinksDrawerProps) {
  const { t, i18n } = useTranslation('publicLinks');
  const api = useApi();
  const { message } = App.useApp();
  const phone = Grid.useBreakpoint().md === false;
  const links = useAsync(() => (open ? listLinks(api, ws, app, form.key) : Promise.resolve([])), [api, ws, app, form.key, open]);
  const choices = useMemo(() => linkFields(form, i18n.language), [form, i18n.language]);
  const defaults = useMemo(() => defaultExposed(form, pipelines), [form, pipelines]);
  const labelOf = (key: string) => choices.find((c) => c.key === key)?.label ?? key;
  const [editing, setEditing] = useState<Editing>();
  const [problem, setProblem] = useState('');
  const [saving, setSaving] = useState(false);

  // A closed drawer forgets the link being edited (in the render that sees it closed).
  const [wasOpen, setWasOpen] = useState(open);
  if (open !== wasOpen) {
    setWasOpen(open);
    if (!open) setEditing(undefined);
  }

  const startNew = () => {
    setProblem('');
    setEditing({ fields: defaults, show: [] });
  };
  const startEdit = (link: PublicLink) => {
    setProblem('');
    setEditing({ link, owner: link.owner, fields: link.fields ?? defaults, show: link.show });
  };

  const save = async () => {
    if (!editing) return;
    if (!editing.link && !editing.owner) return setProblem(t('pickOwner'));
    if (editing.fields.length === 0) return setProblem(t('pickFields'));
    // The default list is kept as "default", so that it follows the workflow's first step.
    const fields = sameFields(editing.fields, defaults) ? undefined : editing.fields;
    const show = editing.show.filter((k) => editing.fields.includes(k));
    setSaving(true);
    setProblem('');
    try {
      if (editing.link) await updateLink(api, ws, app, form.key, editing.link.id, { fields: fields ?? [], show });
      else await createLink(api, ws, app, form.key, { owner: editing.owner!, fields, show });
      setEditing(undefined);
      links.reload();
    } catch (err) {
      setProblem(isApiError(err) && err.hasFieldErrors() ? Object.values(err.fields).map((f) => f.message).join(' ') : errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  const copy = async (url: string) => {
    try {
      await navigator.clipboard.writeText(url);
      message.success(t('copied'));
    } catch {
      // No clipboard (an insecure origin): the address is shown to copy by hand.
      message.info(url);
    }
  };

  const revoke = async (link: PublicLink) => {
    try {
      await revokeLink(api, ws, app, form.key, link.id);
      links.reload();
    } catch (err) {
      message.error(errorMessage(err));
    }
  };

  const editor = editing && (
    <Card size="small" title={editing.link ? t('editLink') : t('newLink')} data-testid="link-editor" style={{ marginBottom: 16 }}>
      <Form layout="vertical" component="div">
        <Form.Item label={t('owner')} extra={t('ownerHelp')}>
          <Select
            showSearch
            optionFilterProp="label"
            disabled={!!editing.link}
            value={editing.owner}
            options={people.members}
            onChange={(owner: string) => setEditing({ ...editing, owner })}
            data-testid="link-owner"
          />
        </Form.Item>
        <Form.Item
          label={
            <Space>
              {t('fields')}
              {sameFields(editing.fields, defaults) ? (
                <Tag>{t('isDefault')}</Tag>
              ) : (
                <Button size="small" type="link" onClick={() => setEditing({ ...editing, fields: defaults })} data-testid="link-default">
                  {t('useDefault')}
                </Button>
              )}
            </Space>
          }
          extra={t('fieldsHelp')}
        >
          <Checkbox.Group
            value={editing.fields}
            onChange={(v) => setEditing({ ...editing, fields: choices.map((c) => c.key).filter((k) => v.includes(k)) })}
          >
            <Space direction="vertical" size={4}>
              {choices.map((c) => (
                <Checkbox key={c.key} value={c.key} data-testid={`link-field-${c.key}`}>
                  {c.label}
                </Checkbox>
              ))}
            </Space>
          </Checkbox.Group>
        </Form.Item>
        <Form.Item label={t('show')} extra={t('showHelp')}>
          <Checkbox.Group value={editing.show} onChange={(v) => setEditing({ ...editing, show: v })}>
            <Space direction="vertical" size={4}>
              {editing.fields.map((k) => (
                <Checkbox key={k} value={k} data-testid={`link-show-${k}`}>
                  {labelOf(k)}
                </Checkbox>
              ))}
            </Space>
          </Checkbox.Group>
        </Form.Item>
        {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 12 }} data-testid="link-problem" />}
        <Space>
          <Button type="primary" loading={saving} onClick={() => void save()} data-testid="link-save">
            {editing.link ? t('save') : t('create')}
          </Button>
          <Button onClick={() => setEditing(undefined)}>{t('cancel')}</Button>
        </Space>
      </Form>
    </Card>
  );

  return (
    <Drawer
      open={open}
      width={phone ? '100%' : 560}
      title={t('title', { form: localized(form.name, i18n.language) || form.key })}
      onClose={onClose}
      destroyOnHidden
      extra={
        !editing && (
          <Button type="primary" icon={<PlusOutlined />} onClick={startNew} data-testid="link-new">
            {t('newLink')}
          </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary">{t('help')}</Typography.Paragraph>
      <Typography.Paragraph type="secondary">{t('noExpiry')}</Typography.Paragraph>
      {editor}
      {links.error ? (
        <Alert type="error" showIcon message={errorMessage(links.error)} />
      ) : (
        <List<PublicLink>
          loading={links.loading}
          dataSource={links.data ?? []}
          locale={{ emptyText: <Empty description={t('none')} /> }}
          renderItem={(link, i) => {
            const url = publicFormUrl(window.location.origin, link.token);
            const exposed = link.fields ?? defaults;
            return (
              <List.Item data-testid={`link-${i}`} style={{ display: 'block' }}>
                <Space style={{ marginBottom: 4 }} wrap>
                  <Tag color={link.revoked ? 'default' : 'green'}>{link.revoked ? t('revoked') : t('live')}</Tag>
                  <Typography.Text type="secondary">
                    {t('created')} {new Date(link.created).toLocaleString(i18n.language)}
                  </Typography.Text>
                </Space>
                {!link.revoked && (
                  <Typography.Paragraph style={{ marginBottom: 4, wordBreak: 'break-all' }}>
                    <Typography.Text code data-testid={`link-url-${i}`}>
                      {url}
                    </Typography.Text>
                  </Typography.Paragraph>
                )}
                <Typography.Paragraph style={{ marginBottom: 4 }}>
                  {t('exposes')}: {link.fields ? exposed.map(labelOf).join('、') : `${t('isDefault')} (${exposed.map(labelOf).join('、')})`}
                </Typography.Paragraph>
                <Typography.Paragraph style={{ marginBottom: 8 }}>
                  {t('receiptShows')}: {[t('serialAndStatus'), ...link.show.map(labelOf)].join('、')}
                </Typography.Paragraph>
                {!link.revoked && (
                  <Space wrap>
                    <Button size="small" icon={<CopyOutlined />} onClick={() => void copy(url)} data-testid={`link-copy-${i}`}>
                      {t('copy')}
                    </Button>
                    <Button size="small" icon={<ExportOutlined />} href={url} target="_blank" rel="noreferrer">
                      {t('openLink')}
                    </Button>
                    <Button size="small" onClick={() => startEdit(link)} data-testid={`link-edit-${i}`}>
                      {t('editLink')}
                    </Button>
                    <Popconfirm title={t('revokeConfirm')} onConfirm={() => void revoke(link)}>
                      <Button size="small" danger>
                        {t('revoke')}
                      </Button>
                    </Popconfirm>
                  </Space>
                )}
              </List.Item>
            );
          }}
        />
      )}
    </Drawer>
  );
}
