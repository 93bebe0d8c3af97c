import { Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApi } from '../api/ApiContext';
import type { FormDef, PipelineDef, RecordItem } from '../api/types';
import { CursorPager, useCursorPages } from '../components/CursorPager';
import { LoadError } from '../components/LoadError';
import { FlowStatusTag } from '../components/FlowStatusTag';
import { displayValue, fieldLabels, orderedFields } from '../lib/schemaForm';
import { useAsync } from '../lib/useAsync';
import type { People } from '../lib/useWorkspaceData';
import { recordPath } from '../lib/useWorkspaceData';

/** How many of the form's fields become columns; the record page shows them all. */
const MAX_FIELD_COLUMNS = 6;
const PAGE_SIZE = 20;

export interface RecordsTableProps {
  ws: string;
  app: string;
  form: FormDef;
  pipeline?: PipelineDef;
  people: People;
  /** Changes to reload the list (after a record was created). */
  refresh: number;
}

/** RecordsTable lists a form's records, newest first, a page at a time with the API's cursors. */
export function RecordsTable({ ws, app, form, pipeline, people, refresh }: RecordsTableProps) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const pages = useCursorPages();
  const cursor = pages.cursor;
  const records = useAsync(
    () => api.records(ws, app, form.key, { cursor, limit: PAGE_SIZE }),
    [api, ws, app, form.key, cursor, refresh],
  );

  const labels = fieldLabels(form, i18n.language);
  const props = form.schema.properties ?? {};
  const texts = { yes: t('common2.yes'), no: t('common2.no'), name: people.name };
  const items = records.data?.items ?? [];
  const withFlow = pipeline !== undefined || items.some((r) => r.flow);
  const dateTime = (v?: string) =>
    v ? new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(v)) : '';

  const columns: ColumnsType<RecordItem> = orderedFields(form)
    .filter((k) => props[k]?.['x-formloom']?.type !== 'attachment')
    .slice(0, MAX_FIELD_COLUMNS)
    .map((key, i) => ({
      key,
      title: labels.get(key),
      ellipsis: true,
      render: (_, r) => {
        const text = displayValue(props[key], r.data[key], i18n.language, texts);
        return i === 0 ? <Link to={recordPath(ws, app, form.key, r.id)}>{text || r.id}</Link> : text;
      },
    }));
  if (withFlow) {
    columns.push(
      {
        key: 'stage',
        title: t('records.stage'),
        render: (_, r) => (r.flow ? <span data-testid="record-stage">{r.stage ?? ''}</span> : null),
      },
      {
        key: 'status',
        title: t('records.status'),
        width: 110,
        render: (_, r) => <FlowStatusTag status={r.flow?.status ?? 'draft'} />,
      },
      {
        key: 'due',
        title: t('records.due'),
        render: (_, r) =>
          r.due ? (
            <Space size={4}>
              <Typography.Text type={r.overdue ? 'danger' : undefined}>{dateTime(r.due)}</Typography.Text>
              {r.overdue && <Tag color="red">{t('records.overdue')}</Tag>}
            </Space>
          ) : null,
      },
    );
  }
  columns.push({ key: 'created', title: t('records.createdAt'), render: (_, r) => dateTime(r.created) });

  if (records.error) return <LoadError error={records.error} onRetry={records.reload} />;
  const next = records.data?.next ?? '';
  return (
    <>
      <Table<RecordItem>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={items}
        loading={records.loading}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('records.empty') }}
        data-testid="records-table"
      />
      <CursorPager pages={pages} next={next} />
    </>
  );
}
