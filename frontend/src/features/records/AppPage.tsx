import { ArrowLeftOutlined, FormOutlined, LinkOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Empty, Result, Segmented, Skeleton, Space, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { isApiError } from '../../shared/api/errors';
import { LoadError } from '../../shared/components/LoadError';
import { localized } from '../../shared/lib/localized';
import { appPath, recordPath, useAppDefinition, usePeople } from '../../shared/hooks/useWorkspaceData';
import { DashboardsPanel } from '../dashboards/DashboardsPanel';
import { flowStart, NewRecordDrawer } from './NewRecordDrawer';
import { RecordsTable } from './RecordsTable';
import { linkOf } from './query';
import { PublicLinksDrawer } from '../publicLinks/PublicLinksDrawer';
import { ViewsPanel } from '../views/ViewsPanel';

type Section = 'records' | 'views' | 'dashboards';
const SECTIONS: readonly Section[] = ['records', 'views', 'dashboards'];

/**
 * AppPage shows an app: its forms, each with its records and a way to add one; its saved
 * views (tables and kanban boards); and its dashboards. The section and the view or dashboard
 * shown are in the address (?section=views&view=…), so that they can be linked to.
 */
export default function AppPage() {
  const { t, i18n } = useTranslation();
  const { ws = '', app = '', form: formKey } = useParams();
  const navigate = useNavigate();
  const loaded = useAppDefinition(ws, app);
  const people = usePeople(ws);
  const [creating, setCreating] = useState(false);
  const [sharing, setSharing] = useState(false);
  const [refresh, setRefresh] = useState(0);
  const [search, setSearch] = useSearchParams();
  const section: Section = (SECTIONS as readonly string[]).includes(search.get('section') ?? '') ? (search.get('section') as Section) : 'records';
  const select = (next: Record<string, string>) => setSearch(next, { replace: false });

  if (loaded.loading && !loaded.data) {
    return (
      <div className="fl-page">
        <Skeleton active />
      </div>
    );
  }
  if (loaded.error || !loaded.data) {
    if (isApiError(loaded.error) && loaded.error.status === 404) {
      return <Result status="404" title={t('apps.notFound', { ns: 'workspace' })} subTitle={loaded.error.message} />;
    }
    return <LoadError error={loaded.error} onRetry={loaded.reload} />;
  }

  const { app: info, definition } = loaded.data;
  // The runtime answer says who designs (owners, admins, the app's managers); for an app not
  // published yet the app's own answer does. The server refuses everyone else.
  const canDesign = definition ? definition.designer : info.canDesign === true;
  const forms = definition?.forms ?? [];
  const form = forms.find((f) => f.key === formKey) ?? forms[0];
  const pipeline = definition?.pipelines?.find((p) => p.form === form?.key);
  // A related list's 查看全部 opens the form's list narrowed to the records linking one record.
  const link = linkOf(form, search);

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
        <Space>
          {canDesign && (
            <Link to={`${appPath(ws, app)}/design`}>
              <Button icon={<FormOutlined />} data-testid="open-designer">
                {t('open', { ns: 'designers' })}
              </Button>
            </Link>
          )}
          {definition?.designer && form && section === 'records' && (
            <Button icon={<LinkOutlined />} onClick={() => setSharing(true)} data-testid="public-links-open">
              {t('open', { ns: 'publicLinks' })}
            </Button>
          )}
          {form && section === 'records' && form.actions.create && (
            // Named after the form it creates a record of (新建线索), which the tabs below switch.
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-record">
              {t('newTitle', { ns: 'records', form: localized(form.name, i18n.language) })}
            </Button>
          )}
        </Space>
      </div>
      <Segmented<Section>
        style={{ marginBottom: 16 }}
        aria-label={t('sectionsLabel', { ns: 'views' })}
        value={section}
        onChange={(v) => select(v === 'records' ? {} : { section: v })}
        options={SECTIONS.map((s) => ({ value: s, label: <span data-testid={`section-${s}`}>{t(`sections.${s}`, { ns: 'views' })}</span> }))}
      />
      {section === 'views' && (
        <div className="fl-panel">
          <ViewsPanel
            ws={ws}
            app={app}
            forms={forms}
            people={people}
            pipelines={definition?.pipelines}
            active={search.get('view') ?? undefined}
            onSelect={(view) => select({ section: 'views', view })}
          />
        </div>
      )}
      {section === 'dashboards' && (
        <div className="fl-panel">
          <DashboardsPanel
            ws={ws}
            app={app}
            dashboards={definition?.dashboards ?? []}
            forms={forms}
            people={people}
            active={search.get('dashboard') ?? undefined}
            onSelect={(dashboard) => select({ section: 'dashboards', dashboard })}
          />
        </div>
      )}
      {section === 'records' && (
        <div className="fl-panel">
          {!form ? (
            <Empty description={t('apps.noForms', { ns: 'workspace' })} />
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
                      link={link}
                      onUnlink={() => setSearch({}, { replace: true })}
                    />
                  ) : null,
              }))}
            />
          )}
        </div>
      )}
      {form && definition?.designer && (
        <PublicLinksDrawer
          ws={ws}
          app={app}
          form={form}
          pipelines={definition.pipelines}
          people={people}
          open={sharing}
          onClose={() => setSharing(false)}
        />
      )}
      {form && (
        <NewRecordDrawer
          ws={ws}
          app={app}
          form={form}
          people={people}
          open={creating}
          {...flowStart(pipeline)}
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
