import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Empty, Grid, Result, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useRecordNames } from './useRecordNames';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { Attachments } from './Attachments';
import { anyFieldType } from '../../fields/foreign';
import { EditRecordDrawer } from './EditRecordDrawer';
import { useApi } from '../../shared/api/ApiContext';
import { isApiError } from '../../shared/api/errors';
import { errorMessage } from '../../shared/lib/apiErrors';
import type { FileInfo, FormDef, HistoryEvent, JsonSchema, PipelineDef, RecordItem } from '../../shared/api/types';
import { useAuth } from '../../app/auth/AuthContext';
import { FlowStatusTag } from './FlowStatusTag';
import { LoadError } from '../../shared/components/LoadError';
import { availableActions, openTaskFor, type FlowAction } from './flowActions';
import { localized } from '../../shared/lib/localized';
import { displayValue, fieldLabels, orderedFields, recordTitle, type ValueTexts } from '../forms/schemaForm';
import { useAsync } from '../../shared/hooks/useAsync';
import { appPath, recordPath, useRecordDefinition, usePeople, type People } from '../../shared/hooks/useWorkspaceData';
import { ActionModal } from './ActionModal';
import { flowStart, NewRecordDrawer } from './NewRecordDrawer';
import { NextTodoBar, useNextTodo } from './NextTodo';
import { closesTask } from './nextTodo';
import { announceWork } from '../../shared/hooks/useLiveTick';
import { RecordTimeline } from './RecordTimeline';
import { RelatedRecords } from './RelatedRecords';
import { RecordActions } from './RecordActions';
import { RecordStepper } from './RecordStepper';
import { useDateTime } from './useDateTime';


/** RecordPage shows one record: its fields, its pipeline run, what the user can do, and its timeline. */
export default function RecordPage() {
  const { t, i18n } = useTranslation();
  const { ws = '', app = '', form: formKey = '', id = '' } = useParams();
  const api = useApi();
  const { user } = useAuth();
  const people = usePeople(ws);
  const loaded = useRecordDefinition(ws, app, formKey, id);
  const record = useAsync(() => api.record(ws, app, formKey, id), [api, ws, app, formKey, id]);
  const history = useAsync(() => api.history(ws, app, formKey, id), [api, ws, app, formKey, id]);
  // Names, sizes and types of the record's files, for previews; without them files are plain links.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- a new version of the record may hold other files
  const filesList = useAsync(() => api.recordFiles(ws, app, formKey, id).catch(() => [] as FileInfo[]), [api, ws, app, formKey, id, record.data?.version]);
  const fileInfos = new Map((filesList.data ?? []).map((f) => [f.id, f]));
  const [acting, setActing] = useState<FlowAction>();
  // After a to-do of hers is done here, the page offers her next one.
  const next = useNextTodo(ws, id);
  const [editing, setEditing] = useState(false);
  const [copying, setCopying] = useState(false);
  const navigate = useNavigate();
  const { t: tu } = useTranslation('enduser');
  const [urging, setUrging] = useState(false);
  const { message } = App.useApp();
  const phone = Grid.useBreakpoint().md === false;
  // Owners and admins may urge and copy any run they can read.
  const workspace = useAsync(() => api.workspace(ws), [api, ws]);
  const manager = workspace.data?.role === 'owner' || workspace.data?.role === 'admin';
  const shownForm = loaded.data?.definition?.forms?.find((f) => f.key === formKey);
  const recordData = useMemo(() => (record.data ? [record.data.data] : []), [record.data]);
  const linkedName = useRecordNames(api, ws, app, shownForm?.schema, recordData, tu('unreadableRecord'));

  if ((record.loading && !record.data) || (loaded.loading && !loaded.data)) {
    return (
      <div className="fl-page">
        <Skeleton active />
      </div>
    );
  }
  const failed = record.error ?? loaded.error;
  if (failed || !record.data || !loaded.data) {
    if (isApiError(failed) && failed.status === 404) {
      return <Result status="404" title={t('notFound', { ns: 'records' })} subTitle={failed.message} />;
    }
    return (
      <LoadError
        error={failed}
        onRetry={() => {
          record.reload();
          loaded.reload();
        }}
      />
    );
  }

  const rec = record.data;
  const forms = loaded.data.definition?.forms ?? [];
  const form = forms.find((f) => f.key === formKey);
  const pipeline = loaded.data.definition?.pipelines?.find((p) => p.form === formKey);
  const me = user?.id ?? '';
  const actions = availableActions(rec, me, pipeline, { manager });
  const mine = openTaskFor(rec, me, pipeline);
  const startNode = pipeline?.nodes.find((n) => n.type === 'start');
  const title = form ? recordTitle(form, rec) : '';
  // A file is named from the record's list (the files it holds) or the timeline's (also those it held).
  const fileName = (fid: string) => fileInfos.get(fid)?.name ?? history.data?.files.find((f) => f.id === fid)?.name;
  const texts: ValueTexts = { yes: t('common2.yes'), no: t('common2.no'), name: people.name, record: linkedName, file: fileName, signed: t('common2.signed') };

  const fieldsCard = (
    <Card title={t('fields', { ns: 'records' })} size="small">
      {form ? <RecordFields form={form} record={rec} texts={texts} files={fileInfos} fileUrl={(file) => `/api/v1/workspaces/${encodeURIComponent(ws)}/apps/${encodeURIComponent(app)}/forms/${encodeURIComponent(formKey)}/records/${encodeURIComponent(rec.id)}/files/${encodeURIComponent(file)}`} /> : <Empty />}
    </Card>
  );
  const timelineCard = (
    <Card title={t('run.timeline', { ns: 'flow' })} size="small">
      {history.error ? (
        <LoadError error={history.error} onRetry={history.reload} />
      ) : history.loading && !history.data ? (
        <Skeleton active />
      ) : (
        <RecordTimeline
          events={history.data?.events ?? []}
          form={form}
          pipeline={pipeline}
          people={people}
          texts={texts}
          source={(of, id) => (
            // Another record's automation changed this one: where it came from, one click away.
            <Link to={recordPath(ws, app, of, id)} data-testid="timeline-source">
              {t('run.fromRecord', { ns: 'flow', form: localized(forms.find((f) => f.key === of)?.name, i18n.language) || of })}
            </Link>
          )}
        />
      )}
    </Card>
  );
  // Records of the app that link to this one (a meeting's tasks), each list shown when it has any.
  const relatedCards = (
    <RelatedRecords
      ws={ws}
      app={app}
      forms={loaded.data.definition?.forms ?? []}
      pipelines={loaded.data.definition?.pipelines ?? []}
      people={people}
      form={formKey}
      id={rec.id}
      phone={phone}
      texts={texts}
    />
  );
  const pipelineCard = pipeline && (
    <Card title={t('run.title', { ns: 'flow' })} size="small" data-testid="pipeline-panel">
      <PipelinePanel record={rec} pipeline={pipeline} people={people} me={me} />
    </Card>
  );

  const reloadAll = () => {
    record.reload();
    history.reload();
  };
  const can = form?.actions;
  // While a run is in progress its steps change the fields; the server refuses other edits.
  const running = rec.flow?.status === 'running';
  const remove = async () => {
    try {
      await api.deleteRecord(ws, app, formKey, rec.id, rec.version);
      message.success(tu('deleted', { count: 1 }));
      navigate(appPath(ws, app, formKey));
    } catch (err) {
      message.error(errorMessage(err));
    }
  };
  const restore = async () => {
    try {
      await api.restoreRecord(ws, app, formKey, rec.id, rec.version);
      message.success(tu('restored'));
      reloadAll();
    } catch (err) {
      message.error(errorMessage(err));
    }
  };

  /** urge (催办) needs nothing but a click; the server allows it once an hour. */
  const urge = async () => {
    setUrging(true);
    try {
      await api.act(ws, app, formKey, rec.id, 'urge', {});
      message.success(t('run.urged', { ns: 'flow' }));
      history.reload();
    } catch (err) {
      if (isApiError(err) && err.code === 'urged_recently') message.warning(t('run.urgedRecently', { ns: 'flow' }));
      else message.error(errorMessage(err));
    } finally {
      setUrging(false);
    }
  };

  return (
    <div className={phone ? 'fl-page fl-page-with-actionbar' : 'fl-page'}>
      <div className="fl-page-head">
        <Space align="center" size={12} wrap>
          <Link to={appPath(ws, app, formKey)} aria-label={t('common.back')} className="fl-no-print">
            <Button type="text" icon={<ArrowLeftOutlined />} />
          </Link>
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="record-title">
            {title || (form ? localized(form.name, i18n.language) : rec.id)}
          </Typography.Title>
          {rec.flow ? <FlowStatusTag status={rec.flow.status} /> : pipeline && <FlowStatusTag status="draft" />}
          {rec.deleted && <Tag color="red">{t('deleted', { ns: 'records' })}</Tag>}
          <RecordStepper ws={ws} app={app} form={formKey} id={rec.id} />
        </Space>
        {/* On a phone the actions are a bar at the foot of the screen (RecordActions). */}
        <RecordActions
          actions={actions}
          urging={urging}
          onAct={(a) => (a === 'urge' ? void urge() : setActing(a))}
          onEdit={can?.update && !rec.deleted && !running && form ? () => setEditing(true) : undefined}
          onPrint={() => window.print()}
          onCopy={can?.create && !rec.deleted && form ? () => setCopying(true) : undefined}
          onDelete={can?.delete && !rec.deleted ? () => void remove() : undefined}
          onRestore={can?.delete && rec.deleted ? () => void restore() : undefined}
          phone={phone}
        />
      </div>
      {next.after && <NextTodoBar ws={ws} after={next.after} onClose={next.dismiss} />}
      {rec.flow?.status === 'returned' && <ReturnedNotice events={history.data?.events ?? []} name={(id) => people.name(id) ?? id} />}
      {/* A form without a pipeline has no flow to show: its record takes the page's width. On a
          phone one column reads fields, where the run stands, then its trail: the pipeline
          panel would otherwise come after the whole timeline. */}
      {phone ? (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          {fieldsCard}
          {relatedCards}
          {pipelineCard}
          {timelineCard}
        </Space>
      ) : (
        <div className={pipeline ? 'fl-record-grid' : 'fl-record-grid fl-record-single'}>
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            {fieldsCard}
            {relatedCards}
            {timelineCard}
          </Space>
          {pipelineCard}
        </div>
      )}
      {copying && form && (
        <NewRecordDrawer
          ws={ws}
          app={app}
          form={form}
          people={people}
          open
          {...flowStart(pipeline)}
          copyOf={rec.data}
          onClose={() => setCopying(false)}
          onCreated={(created) => {
            setCopying(false);
            // The copy is a record of its own: its page, where it can be checked or submitted.
            navigate(recordPath(ws, app, formKey, created.id));
          }}
        />
      )}
      {editing && form && can && (
        <EditRecordDrawer
          ws={ws}
          app={app}
          form={form}
          record={rec}
          people={people}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            reloadAll();
          }}
          onReload={() => {
            setEditing(false);
            reloadAll();
          }}
        />
      )}
      {acting && form && (
        <ActionModal
          ws={ws}
          app={app}
          form={form}
          pipeline={pipeline}
          record={rec}
          action={acting}
          node={acting === 'submit' ? startNode : mine?.node}
          people={people}
          onClose={() => setActing(undefined)}
          onDone={() => {
            setActing(undefined);
            reloadAll();
            announceWork(); // the header's 待办中心 count and the bell follow at once
            if (closesTask(acting)) next.find();
          }}
        />
      )}
    </div>
  );
}

/**
 * ReturnedNotice heads a returned record with who returned it and why, so the submitter sees
 * what to fix before the fields, not at the foot of the trail (on a phone, below everything).
 */
function ReturnedNotice({ events, name }: { events: HistoryEvent[]; name: (id: string) => string }) {
  const { t: tu } = useTranslation('enduser');
  const last = [...events].reverse().find((e) => e.action === 'flow.returned');
  if (!last) return null;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="returned-notice"
      message={tu('returnedBy', { name: name(last.actor) })}
      description={last.comment ? <span style={{ whiteSpace: 'pre-wrap' }}>{last.comment}</span> : tu('returnedNoReason')}
    />
  );
}

/** SubFormRows shows a sub-form's rows as a small table, columns labelled like the form's fields. */
function SubFormRows({ prop, rows, texts }: { prop: JsonSchema; rows: Record<string, unknown>[]; texts: ValueTexts }) {
  const { i18n } = useTranslation();
  const inner = prop.items?.properties ?? {};
  return (
    <Table
      size="small"
      pagination={false}
      rowKey={(_, i) => String(i)}
      dataSource={rows}
      scroll={{ x: 'max-content' }}
      columns={Object.entries(inner).map(([k, p]) => ({
        key: k,
        title: localized(p['x-formloom']?.label, i18n.language) || k,
        render: (_: unknown, row: Record<string, unknown>) => displayValue(p, row[k], i18n.language, texts),
      }))}
    />
  );
}

function RecordFields({ form, record, texts, fileUrl, files }: { form: FormDef; record: RecordItem; texts: ValueTexts; fileUrl: (file: string) => string; files: Map<string, FileInfo> }) {
  const { i18n } = useTranslation();
  const labels = fieldLabels(form, i18n.language);
  const props = form.schema.properties ?? {};
  const isRows = (k: string) => props[k]?.type === 'array' && props[k]?.items?.properties !== undefined && Array.isArray(record.data[k]);
  const shown = orderedFields(form).filter((k) => record.data[k] !== undefined && record.data[k] !== null && record.data[k] !== '');
  // Sub-forms are tables of their own, the page's whole width under their label, where they
  // fall in the form's order; the fields between them are label-value pairs.
  const runs: string[][] = [];
  for (const k of shown) {
    const last = runs[runs.length - 1];
    if (isRows(k) || !last || isRows(last[0]!)) runs.push([k]);
    else last.push(k);
  }
  return (
    <div data-testid="record-fields">
      {runs.map((run) =>
        isRows(run[0]!) ? (
          <div key={run[0]} className="fl-record-rows" data-testid={`record-rows-${run[0]}`}>
            <Typography.Text type="secondary" className="fl-record-rows-label">
              {labels.get(run[0]!)}
            </Typography.Text>
            <SubFormRows prop={props[run[0]!]!} rows={record.data[run[0]!] as Record<string, unknown>[]} texts={texts} />
          </div>
        ) : (
          <Descriptions
            key={run[0]}
            column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 3 }}
            size="small"
            items={run.map((k) => ({
              key: k,
              label: labels.get(k),
              children: anyFieldType(props[k]?.['x-formloom']?.type)?.files ? (
                <Attachments
                  ids={(Array.isArray(record.data[k]) ? record.data[k] : [record.data[k]]).map(String)}
                  files={files}
                  url={fileUrl}
                  whole={anyFieldType(props[k]?.['x-formloom']?.type)?.drawn}
                />
              ) : anyFieldType(props[k]?.['x-formloom']?.type)?.link && typeof record.data[k] === 'string' && /^https?:\/\//i.test(record.data[k]) ? (
                <a href={record.data[k]} target="_blank" rel="noopener noreferrer" data-testid={`record-link-${k}`}>
                  {record.data[k]}
                </a>
              ) : (
                <span style={{ whiteSpace: 'pre-wrap' }}>{displayValue(props[k], record.data[k], i18n.language, texts)}</span>
              ),
            }))}
          />
        ),
      )}
    </div>
  );
}

function PipelinePanel({ record, pipeline, people, me }: { record: RecordItem; pipeline: PipelineDef; people: People; me: string }) {
  const { t, i18n } = useTranslation();
  const dateTime = useDateTime();
  const flow = record.flow;
  if (!flow) return <Typography.Text type="secondary">{t('run.notStarted', { ns: 'flow' })}</Typography.Text>;
  const nodeName = (key: string) => localized(pipeline.nodes.find((n) => n.key === key)?.name, i18n.language) || key;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Descriptions
        column={1}
        size="small"
        items={[
          { key: 'status', label: t('status', { ns: 'records' }), children: <FlowStatusTag status={flow.status} /> },
          ...(record.stage ? [{ key: 'stage', label: t('stage', { ns: 'records' }), children: record.stage }] : []),
          ...(flow.initiator ? [{ key: 'initiator', label: t('run.initiator', { ns: 'flow' }), children: people.name(flow.initiator) ?? flow.initiator }] : []),
        ]}
      />
      {(flow.active ?? []).length > 0 && (
        <>
          <Typography.Text strong>{t('run.activeNodes', { ns: 'flow' })}</Typography.Text>
          {(flow.active ?? []).map((a) => (
            <Card key={a.id} size="small" type="inner" title={nodeName(a.node)} data-testid="active-node">
              <Space direction="vertical" size={4}>
                <Space wrap size={4}>
                  <Typography.Text type="secondary">{t('run.assignees', { ns: 'flow' })}:</Typography.Text>
                  {(a.tasks ?? []).map((task) => (
                    <Tag key={task.id} color={task.status === 'open' ? (task.assignee === me ? 'blue' : 'default') : 'green'}>
                      {people.name(task.assignee) ?? task.assignee}
                      {task.fallback ? ` (${t('run.fallback', { ns: 'flow' })})` : ''}
                    </Tag>
                  ))}
                </Space>
                {a.due && (
                  <Typography.Text type={a.overdue || record.overdue ? 'danger' : 'secondary'}>
                    {t('due', { ns: 'records' })}: {dateTime(a.due)}
                    {(a.overdue || record.overdue) && ` · ${t('overdue', { ns: 'records' })}`}
                  </Typography.Text>
                )}
              </Space>
            </Card>
          ))}
        </>
      )}
    </Space>
  );
}
