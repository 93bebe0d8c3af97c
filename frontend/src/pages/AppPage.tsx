import { ArrowLeftOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Empty, Result, Skeleton, Space, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { isApiError } from '../api/errors';
import { LoadError } from '../components/LoadError';
import { localized } from '../lib/localized';
import { appPath, recordPath, useAppDefinition, usePeople } from '../lib/useWorkspaceData';
import { NewRecordDrawer } from './NewRecordDrawer';
import { RecordsTable } from './RecordsTable';

/** AppPage shows an app's forms, each with its records and a way to add one. */
export default function AppPage() {
  const { t, i18n } = useTranslation();
  const { ws = '', app = '', form: formKey } = useParams();
  const navigate = useNavigate();
  const loaded = useAppDefinition(ws, app);
  const people = usePeople(ws);
  const [creating, setCreating] = useState(false);
  const [refresh, setRefresh] = useState(0);

  if (loaded.loading && !loaded.data) {
    return (
      <div className="fl-page">
        <Skeleton active />
      </div>
    );
  }
  if (loaded.error || !loaded.data) {
    if (isApiError(loaded.error) && loaded.error.status === 404) {
      return <Result status="404" title={t('apps.notFound')} subTitle={loaded.error.message} />;
    }
    return <LoadError error={loaded.error} onRetry={loaded.reload} />;
  }

  const { app: info, definition } = loaded.data;
  const forms = definition?.forms ?? [];
  const form = forms.find((f) => f.key === formKey) ?? forms[0];
  const pipeline = definition?.pipelines?.find((p) => p.form === form?.key);

  return (
    <div className="fl-page">
      <div className="fl-page-head">
        <Space align="center" size={12}>
          <Link to={`/w/${encodeURIComponent(ws)}/apps`} aria-label={t('nav.apps')}>
            <Button type="text" icon={<ArrowLeftOutlined />} />
          </Link>
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="app-name">
            {localized(info.name, i18n.language) || info.key}
          </Typography.Title>
        </Space>
        {form && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-record">
            {t('records.new')}
          </Button>
        )}
      </div>
      <div className="fl-panel">
        {!form ? (
          <Empty description={t('apps.noForms')} />
        ) : (
          <Tabs
            key={i18n.language}
            activeKey={form.key}
            onChange={(key) => navigate(appPath(ws, app, key))}
            items={forms.map((f) => ({
              key: f.key,
              label: localized(f.name, i18n.language) || f.key,
              children:
                f.key === form.key ? (
                  <RecordsTable
                    key={`${f.key}-${refresh}`}
                    ws={ws}
                    app={app}
                    form={f}
                    pipeline={pipeline}
                    people={people}
                    refresh={refresh}
                  />
                ) : null,
            }))}
          />
        )}
      </div>
      {form && (
        <NewRecordDrawer
          ws={ws}
          app={app}
          form={form}
          people={people}
          open={creating}
          canDraft={pipeline !== undefined}
          onClose={() => setCreating(false)}
          onCreated={(rec) => {
            setCreating(false);
            setRefresh((n) => n + 1);
            // A draft is finished and submitted on its own page; a submitted record shows in the list.
            if (!rec.flow && pipeline) navigate(recordPath(ws, app, form.key, rec.id));
          }}
        />
      )}
    </div>
  );
}
