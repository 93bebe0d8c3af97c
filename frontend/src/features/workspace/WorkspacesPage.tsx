import { AppstoreOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Empty, Form, Input, Modal, Row, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useApi } from '../../shared/api/ApiContext';
import { LoadError } from '../../shared/components/LoadError';
import { RoleTag } from '../../shared/components/RoleTag';
import { currentLanguage } from '../../shared/i18n';
import { applyApiError } from '../../shared/lib/apiErrors';
import { formatDate } from '../../shared/lib/format';
import { useAsync } from '../../shared/hooks/useAsync';

/** WorkspacesPage lists the user's workspaces and creates new ones. */
export default function WorkspacesPage() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const list = useAsync(() => api.workspaces(), [api]);
  const [creating, setCreating] = useState(false);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<{ name: string }>();
  const lang = currentLanguage(i18n);

  const open = (id: string) => navigate(`/w/${encodeURIComponent(id)}`);

  const onCreate = async () => {
    const { name } = await form.validateFields();
    setSaving(true);
    try {
      const ws = await api.createWorkspace(name.trim());
      setCreating(false);
      form.resetFields();
      open(ws.id);
    } catch (err) {
      const rest = applyApiError(form, err, ['name']);
      if (rest) message.error(rest);
    } finally {
      setSaving(false);
    }
  };

  const items = list.data ?? [];
  const createButton = (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="create-workspace">
      {t('workspaces.create', { ns: 'workspace' })}
    </Button>
  );

  let body;
  if (list.loading && !list.data) {
    body = <Skeleton active />;
  } else if (list.error) {
    body = <LoadError error={list.error} onRetry={list.reload} />;
  } else if (items.length === 0) {
    body = (
      <Card>
        <Empty description={t('workspaces.empty', { ns: 'workspace' })}>{createButton}</Empty>
      </Card>
    );
  } else {
    body = (
      <Row gutter={[16, 16]}>
        {items.map((ws) => (
          <Col key={ws.id} xs={24} sm={12} lg={8}>
            <Card hoverable onClick={() => open(ws.id)} className="fl-ws-card" data-testid="workspace-card">
              <div className="fl-ws-card-body">
                <div className="fl-ws-icon">
                  <AppstoreOutlined />
                </div>
                <div className="fl-ws-text">
                  <Typography.Text strong ellipsis className="fl-ws-name">
                    {ws.name}
                  </Typography.Text>
                  <div>
                    <RoleTag role={ws.role} />
                    {ws.created && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('workspaces.created', { ns: 'workspace', date: formatDate(ws.created, lang) })}
                      </Typography.Text>
                    )}
                  </div>
                </div>
                <RightOutlined className="fl-ws-arrow" />
              </div>
            </Card>
          </Col>
        ))}
      </Row>
    );
  }

  return (
    <div className="fl-page">
      <div className="fl-page-head">
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('workspaces.title', { ns: 'workspace' })}
        </Typography.Title>
        {items.length > 0 && createButton}
      </div>
      {body}
      <Modal
        title={t('workspaces.createTitle', { ns: 'workspace' })}
        open={creating}
        okText={t('common.create')}
        cancelText={t('common.cancel')}
        confirmLoading={saving}
        onOk={() => void onCreate().catch(() => undefined)}
        onCancel={() => setCreating(false)}
        destroyOnHidden
      >
        <Form name="workspace" form={form} layout="vertical" requiredMark={false} preserve={false} onFinish={() => void onCreate()}>
          <Form.Item
            name="name"
            label={t('workspaces.name', { ns: 'workspace' })}
            rules={[{ required: true, whitespace: true, message: t('workspaces.nameRequired', { ns: 'workspace' }) }]}
          >
            <Input placeholder={t('workspaces.namePlaceholder', { ns: 'workspace' })} maxLength={100} autoFocus />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
