import { AppstoreAddOutlined, AppstoreOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Skeleton, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useApi } from '../../shared/api/ApiContext';
import { LoadError } from '../../shared/components/LoadError';
import { localized } from '../../shared/lib/localized';
import { useAsync } from '../../shared/hooks/useAsync';
import { appPath } from '../../shared/hooks/useWorkspaceData';
import { BlankAppModal } from '../designers/form/BlankAppModal';
import { TemplateGallery } from './TemplateGallery';

/**
 * AppsTab lists a workspace's apps and, for its owners and admins (canManage), starts new ones
 * blank or from the template gallery; the server refuses those to everyone else.
 */
export function AppsTab({ ws, canManage }: { ws: string; canManage: boolean }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const apps = useAsync(() => api.apps(ws), [api, ws]);
  const [gallery, setGallery] = useState(false);
  const [blank, setBlank] = useState(false);
  const { t: tf } = useTranslation('forms');

  let body;
  if (apps.error) body = <LoadError error={apps.error} onRetry={apps.reload} />;
  else if (apps.loading && !apps.data) body = <Skeleton active />;
  else if ((apps.data ?? []).length === 0) body = <Empty description={t(canManage ? 'apps.empty' : 'apps.emptyMember', { ns: 'workspace' })} />;
  else {
    body = (
      <div className="fl-gallery" data-testid="apps-list">
        {(apps.data ?? []).map((a) => (
          <Link key={a.id} to={appPath(ws, a.id)} data-testid="app-card">
            <Card hoverable size="small" className="fl-ws-card">
              <div className="fl-ws-card-body">
                <div className="fl-ws-icon">
                  <AppstoreOutlined />
                </div>
                <div className="fl-ws-text">
                  <Typography.Text strong className="fl-ws-name">
                    {localized(a.name, i18n.language) || a.key}
                  </Typography.Text>
                  <Typography.Text type="secondary">
                    {a.published > 0 ? t('apps.version', { ns: 'workspace', n: a.published }) : t('apps.notPublished', { ns: 'workspace' })}
                  </Typography.Text>
                </div>
                <RightOutlined className="fl-ws-arrow" />
              </div>
            </Card>
          </Link>
        ))}
      </div>
    );
  }

  return (
    <>
      {canManage && (
        <div className="fl-toolbar">
          <span />
          <Space>
            <Button icon={<PlusOutlined />} onClick={() => setBlank(true)} data-testid="blank-app">
              {tf('blank.button')}
            </Button>
            <Button type="primary" icon={<AppstoreAddOutlined />} onClick={() => setGallery(true)} data-testid="install-app">
              {t('apps.install', { ns: 'workspace' })}
            </Button>
          </Space>
        </div>
      )}
      {body}
      <BlankAppModal
        ws={ws}
        open={blank}
        onClose={() => setBlank(false)}
        onCreated={(app) => {
          setBlank(false);
          navigate(`${appPath(ws, app.id)}/design/forms`);
        }}
      />
      <TemplateGallery
        ws={ws}
        open={gallery}
        onClose={() => setGallery(false)}
        onInstalled={(app) => {
          setGallery(false);
          navigate(appPath(ws, app.id));
        }}
      />
    </>
  );
}
