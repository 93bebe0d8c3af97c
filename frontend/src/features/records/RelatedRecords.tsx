import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, List, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApi } from '../../shared/api/ApiContext';
import type { PipelineDef, RecordItem, RuntimeFormDef } from '../../shared/api/types';
import { useAsync } from '../../shared/hooks/useAsync';
import { appPath, recordPath, type People } from '../../shared/hooks/useWorkspaceData';
import { linkSearch } from './query';
import { displayValue, fieldLabels, recordTitle, type ValueTexts } from '../forms/schemaForm';
import { FlowStatusTag } from './FlowStatusTag';
import { useDateTime } from './useDateTime';
import { flowStart, NewRecordDrawer } from './NewRecordDrawer';
import { linkValue, referrers, relatedColumns, relatedFilter, titleField, type Referrer } from './related';

/** How many related records a list shows; the rest are its 查看全部 away. */
const SHOWN = 20;

/**
 * RelatedRecords lists, under a record's fields, the records of the app that link to it
 * through a relation field: the tasks made from a meeting's action items, with where each
 * stands now. 新建 adds one already linked to this record, for a member who may create
 * them. A list the member may not read, or empty and without 新建, is not shown.
 */
export function RelatedRecords({ ws, app, forms, pipelines, people, form, id, phone, texts }: { ws: string; app: string; forms: readonly RuntimeFormDef[]; pipelines: readonly PipelineDef[]; people: People; form: string; id: string; phone: boolean; texts: ValueTexts }) {
  const { i18n } = useTranslation();
  const refs = referrers(forms, form, i18n.language);
  return (
    <>
      {refs.map((r) => {
        const of = forms.find((f) => f.key === r.form);
        return of ? (
          <RelatedList key={`${r.form}/${r.field}`} ws={ws} app={app} form={of} pipeline={pipelines.find((p) => p.form === r.form)} people={people} referrer={r} id={id} phone={phone} texts={texts} />
        ) : null;
      })}
    </>
  );
}

function RelatedList(listProps: { ws: string; app: string; form: RuntimeFormDef; pipeline?: PipelineDef; people: People; referrer: Referrer; id: string; phone: boolean; texts: ValueTexts }) {
  const { ws, app, form, pipeline, people, referrer, id, phone, texts } = listProps;
  const { t, i18n } = useTranslation();
  const api = useApi();
  const dateTime = useDateTime();
  const [adding, setAdding] = useState(false);
  const page = useAsync(() => api.records(ws, app, form.key, { filter: relatedFilter(referrer.field, id), limit: SHOWN }), [api, ws, app, form.key, referrer.field, id]);
  const items = page.data?.items ?? [];
  const canAdd = form.actions?.create === true && !form.readOnly?.includes(referrer.field);
  if (page.error || (items.length === 0 && !canAdd) || (page.loading && !page.data)) return null;
  const props = form.schema.properties ?? {};
  const labels = fieldLabels(form, i18n.language);
  const columns = relatedColumns(form, referrer.field, titleField(form));
  // A form without a title field (follow-ups: a method, a time, a text) names its records by
  // when they were made, which tells them apart where "untitled" would not.
  const name = (rec: RecordItem) => recordTitle(form, rec) || dateTime(rec.created) || t('related.untitled', { ns: 'records' });
  const link = (rec: RecordItem) => (
    <Link to={recordPath(ws, app, form.key, rec.id)} data-testid="related-link">
      {name(rec)}
    </Link>
  );
  const where = (rec: RecordItem) =>
    rec.flow ? (
      <Space size={4}>
        <FlowStatusTag status={rec.flow.status} />
        {rec.flow.status === 'running' && rec.stage && <Tag bordered={false}>{rec.stage}</Tag>}
      </Space>
    ) : null;
  const value = (rec: RecordItem, k: string) => displayValue(props[k], rec.data[k], i18n.language, texts);
  const count = page.data?.next ? `${items.length}+` : String(items.length);
  return (
    <Card
      size="small"
      title={
        <Space size={8}>
          <span>{referrer.title}</span>
          <Typography.Text type="secondary">{count}</Typography.Text>
        </Space>
      }
      extra={
        <Space size={4}>
          {items.length > 0 && (
            // The whole list, with its filters, sorting, export and 批量修改, on exactly these records.
            <Link to={`${appPath(ws, app, form.key)}${linkSearch({ field: referrer.field, id })}`} data-testid="related-all">
              <Button size="small" type="link">
                {t('related.all', { ns: 'records' })}
              </Button>
            </Link>
          )}
          {canAdd && (
            <Button size="small" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="related-add">
              {t('related.add', { ns: 'records' })}
            </Button>
          )}
        </Space>
      }
      data-testid={`related-${referrer.form}-${referrer.field}`}
    >
      {adding && (
        <NewRecordDrawer
          ws={ws}
          app={app}
          form={form}
          people={people}
          open
          {...flowStart(pipeline)}
          initial={{ [referrer.field]: linkValue(form, referrer.field, id) }}
          onClose={() => setAdding(false)}
          onCreated={() => {
            setAdding(false);
            page.reload();
          }}
        />
      )}
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('related.none', { ns: 'records' })} />
      ) : phone ? (
        <List
          size="small"
          dataSource={items}
          rowKey={(rec) => rec.id}
          renderItem={(rec) => (
            <List.Item>
              <List.Item.Meta
                title={
                  <Space size={8} wrap>
                    {link(rec)}
                    {where(rec)}
                  </Space>
                }
                description={columns
                  .map((k) => [labels.get(k), value(rec, k)] as const)
                  .filter(([, v]) => v !== '')
                  .map(([l, v]) => `${l}：${v}`)
                  .join(' · ')}
              />
            </List.Item>
          )}
        />
      ) : (
        <Table<RecordItem>
          size="small"
          pagination={false}
          rowKey={(rec) => rec.id}
          dataSource={items}
          scroll={{ x: 'max-content' }}
          columns={[
            { key: '_title', title: t('related.record', { ns: 'records' }), render: (_: unknown, rec: RecordItem) => link(rec) },
            ...(items.some((rec) => rec.flow) ? [{ key: '_flow', title: t('related.flow', { ns: 'records' }), render: (_: unknown, rec: RecordItem) => where(rec) }] : []),
            ...columns.map((k) => ({ key: k, title: labels.get(k), render: (_: unknown, rec: RecordItem) => value(rec, k) })),
          ]}
        />
      )}
    </Card>
  );
}
