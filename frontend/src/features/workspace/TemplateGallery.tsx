import { AppstoreAddOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, Empty, Modal, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../shared/api/ApiContext';
import type { AppInfo, TemplateInfo } from '../../shared/api/types';
import { LoadError } from '../../shared/components/LoadError';
import { errorMessage } from '../../shared/lib/apiErrors';
import { localized } from '../../shared/lib/localized';
import { useAsync } from '../../shared/hooks/useAsync';

export interface TemplateGalleryProps {
  ws: string;
  open: boolean;
  onClose: () => void;
  onInstalled: (app: AppInfo) => void;
}

/** TemplateGallery lists the workspace's templates (starter ones first) and installs one as an app. */
export function TemplateGallery({ ws, open, onClose, onInstalled }: TemplateGalleryProps) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const { message } = App.useApp();
  const [installing, setInstalling] = useState('');
  const [samples, setSamples] = useState(false);
  const templates = useAsync(() => (open ? api.templates(ws) : Promise.resolve<TemplateInfo[]>([])), [api, ws, open]);

  const install = async (tpl: TemplateInfo) => {
    setInstalling(tpl.key);
    try {
      const app = await api.installTemplate(ws, tpl.key, samples && tpl.source === 'starter');
      message.success(t('apps.installed', { ns: 'workspace', name: localized(app.name, i18n.language) }));
      onInstalled(app);
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setInstalling('');
    }
  };

  let body;
  if (templates.error) body = <LoadError error={templates.error} onRetry={templates.reload} />;
  else if (templates.loading && !templates.data) body = <Skeleton active />;
  else if ((templates.data ?? []).length === 0) body = <Empty />;
  else {
    body = (
      <>
        <Checkbox checked={samples} onChange={(e) => setSamples(e.target.checked)} style={{ marginBottom: 16 }}>
          {t('apps.sampleData', { ns: 'workspace' })}
        </Checkbox>
        <div className="fl-gallery" data-testid="template-gallery">
          {(templates.data ?? []).map((tpl) => {
            const title = localized(tpl.name, i18n.language) || tpl.title || tpl.key;
            return (
              <Card key={tpl.key} size="small" title={title} data-testid="template-card" data-key={tpl.key}>
                <Typography.Paragraph type="secondary" ellipsis={{ rows: 3 }} style={{ minHeight: 66 }}>
                  {localized(tpl.description, i18n.language) || tpl.summary}
                </Typography.Paragraph>
                <Space style={{ width: '100%', justifyContent: 'space-between' }}>
                  <Space size={4}>
                    <Tag color={tpl.source === 'starter' ? 'blue' : 'green'}>
                      {tpl.source === 'starter' ? t('apps.starter', { ns: 'workspace' }) : t('apps.saved', { ns: 'workspace' })}
                    </Tag>
                    {tpl.forms !== undefined && <Tag>{t('apps.forms', { ns: 'workspace', count: tpl.forms })}</Tag>}
                  </Space>
                  <Button
                    type="primary"
                    size="small"
                    icon={<AppstoreAddOutlined />}
                    loading={installing === tpl.key}
                    disabled={installing !== '' && installing !== tpl.key}
                    onClick={() => install(tpl)}
                    aria-label={`${t('apps.installButton', { ns: 'workspace' })} ${title}`}
                  >
                    {t('apps.installButton', { ns: 'workspace' })}
                  </Button>
                </Space>
              </Card>
            );
          })}
        </div>
      </>
    );
  }

  return (
    <Modal open={open} title={t('apps.galleryTitle', { ns: 'workspace' })} onCancel={onClose} footer={null} width={880} destroyOnHidden>
      {body}
    </Modal>
  );
}
