import { DeleteOutlined, DownloadOutlined, EditOutlined, SettingOutlined, UploadOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Checkbox,
  DatePicker,
  Dropdown,
  Grid,
  Input,
  InputNumber,
  Popconfirm,
  Popover,
  Radio,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType, TableProps } from 'antd/es/table';
import type { FilterDropdownProps } from 'antd/es/table/interface';
import dayjs from 'dayjs';
import { useMemo, useState, type ReactNode } from 'react';
import { useRecordNames } from './useRecordNames';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useApi } from '../../shared/api/ApiContext';
import type { JsonSchema, PipelineDef, RecordItem, RuntimeFormDef } from '../../shared/api/types';
import { useCursorPages } from '../../shared/components/CursorPager';
import { PagedTable, PagerBar } from '../../shared/components/PagedTable';
import { opensRow } from './rowClick';
import { FlowStatusTag } from './FlowStatusTag';
import { RecordCards } from './RecordCards';
import { LoadError } from '../../shared/components/LoadError';
import { errorMessage } from '../../shared/lib/apiErrors';
import { localized } from '../../shared/lib/localized';
import { displayValue, fieldLabels, orderedFields, recordTitle } from '../forms/schemaForm';
import { useAsync } from '../../shared/hooks/useAsync';
import { recordPath, type People } from '../../shared/hooks/useWorkspaceData';
import { BulkEditModal } from './BulkEditModal';
import { everyMatch, EVERY_MATCH_MAX } from './bulkEdit';
import { anyFieldType } from '../../fields/foreign';
import { listState } from './recordList';
import { ImportModal } from './ImportModal';
import { FilterButton, FilterSheet } from './FilterSheet';
import { sameFilters } from './phoneFilter';
import { buildFilter, choiceOptions, dateBound, filterKind, idsFilter, listed, searchFields, searchHint, sortable, sortParam, withLink, type ColumnFilter, type LinkFilter, type SortOrder } from './query';
import { choiceLabel } from './recordNames';
import '../../shared/i18n/pickerLocale';

/** How many of the form's fields are columns at first; the column chooser shows the rest. */
const FIRST_COLUMNS = 6;
const PAGE_SIZES = [10, 20, 50, 100];

export interface RecordsTableProps {
  ws: string;
  app: string;
  form: RuntimeFormDef;
  pipeline?: PipelineDef;
  people: People;
  /** Changes to reload the list (after a record was created). */
  refresh: number;
  /** Only the records linking one record (opened from a record page's related list), until onUnlink. */
  link?: LinkFilter;
  onUnlink?: () => void;
}

/**
 * RecordsTable is a form's records as a member works with them: a search box, a filter per
 * column built from the field's type, sorting by a column, keyset pages of a chosen size, a
 * column chooser, row selection with bulk edit (批量修改), delete and export, export and import — each
 * offered only when the member's roles allow it. On a phone the records are a list of cards,
 * filtered from a bottom sheet (FilterSheet) with the same column filters.
 */
export function RecordsTable({ ws, app, form, pipeline, people, refresh, link, onUnlink }: RecordsTableProps) {
  const { t, i18n } = useTranslation();
  const { t: tu } = useTranslation('enduser');
  const api = useApi();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const phone = Grid.useBreakpoint().md === false;
  const pages = useCursorPages();
  const [search, setSearch] = useState('');
  const [filters, setFilters] = useState<Record<string, ColumnFilter | undefined>>({});
  const [sort, setSort] = useState<{ field?: string; order: SortOrder }>({ order: null });
  const [pageSize, setPageSize] = useState(20);
  const [selected, setSelected] = useState<string[]>([]);
  const [importing, setImporting] = useState(false);
  // 批量修改's records, read when it opens (the selected rows, or every match of the query).
  const [bulkRecords, setBulkRecords] = useState<RecordItem[]>();
  // How many records the query matches, once the member chose all of them rather than the page.
  const [every, setEvery] = useState<number>();
  const [sheetOpen, setSheetOpen] = useState(false);
  const [reloads, setReloads] = useState(0);
  const allFields = useMemo(() => orderedFields(form).filter((k) => listed(form.schema.properties?.[k])), [form]);
  const [shown, setShown] = useState<string[]>(() => allFields.slice(0, FIRST_COLUMNS));

  const filter = useMemo(() => withLink(buildFilter(form, search, filters), link), [form, search, filters, link]);
  const sortBy = sortParam(sort.field, sort.order);
  const cursor = pages.cursor;
  const records = useAsync(
    () => api.records(ws, app, form.key, { cursor, limit: pageSize, filter, sort: sortBy }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- refresh and reloads are counters that ask for the page again
    [api, ws, app, form.key, cursor, pageSize, filter, sortBy, refresh, reloads],
  );
  // A new query starts again at the first page.
  const restart = () => {
    if (pages.page !== 0) pages.reset();
    setSelected([]);
    setEvery(undefined);
  };

  const labels = fieldLabels(form, i18n.language);
  const props = form.schema.properties ?? {};
  const items = useMemo(() => records.data?.items ?? [], [records.data]);
  const next = records.data?.next ?? '';
  const linkedData = useMemo(() => items.map((r) => r.data), [items]);
  // A record opened from this page can step to the page's other records (上一条 / 下一条).
  const opened = useMemo(() => listState(items.map((r) => r.id)), [items]);
  const linkedName = useRecordNames(api, ws, app, form.schema, linkedData, tu('unreadableRecord'));
  const texts = {
    yes: t('common2.yes'),
    no: t('common2.no'),
    name: people.name,
    record: linkedName,
    files: (count: number) => t('common2.fileCount', { count }),
    signed: t('common2.signed'),
  };
  const withFlow = pipeline !== undefined || items.some((r) => r.flow);
  const dateTime = (v?: string) =>
    v ? new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(v)) : '';
  const actions = form.actions;

  const setFilter = (field: string, f: ColumnFilter | undefined) => {
    setFilters((cur) => ({ ...cur, [field]: f }));
    restart();
  };

  const columns: ColumnsType<RecordItem> = shown
    .filter((k) => props[k])
    .map((key, i) => ({
      key,
      dataIndex: key,
      title: labels.get(key),
      ellipsis: true,
      sorter: sortable(props[key]),
      sortOrder: sort.field === key ? sort.order : null,
      filteredValue: filters[key] ? ['on'] : null,
      ...(filterKind(props[key]) !== 'none'
        ? {
            filterDropdown: (dd: FilterDropdownProps) => (
              <ColumnFilterBox field={key} prop={props[key]!} value={filters[key]} people={people} onChange={(f) => setFilter(key, f)} close={dd.close} />
            ),
          }
        : {}),
      render: (_: unknown, r: RecordItem) => {
        const text = displayValue(props[key], r.data[key], i18n.language, texts);
        return i === 0 ? (
          <Link to={recordPath(ws, app, form.key, r.id)} state={opened}>
            {text || r.id}
          </Link>
        ) : (
          text
        );
      },
    }));
  if (withFlow) {
    columns.push(
      {
        key: 'stage',
        title: t('stage', { ns: 'records' }),
        render: (_, r) => (r.flow ? <span data-testid="record-stage">{r.stage ?? ''}</span> : null),
      },
      {
        key: 'status',
        title: t('status', { ns: 'records' }),
        width: 110,
        render: (_, r) => <FlowStatusTag status={r.flow?.status ?? 'draft'} />,
      },
      {
        key: 'due',
        title: t('due', { ns: 'records' }),
        render: (_, r) =>
          r.due ? (
            <Space size={4}>
              <Typography.Text type={r.overdue ? 'danger' : undefined}>{dateTime(r.due)}</Typography.Text>
              {r.overdue && <Tag color="red">{t('overdue', { ns: 'records' })}</Tag>}
            </Space>
          ) : null,
      },
    );
  }
  columns.push({
    key: '_created',
    title: t('createdAt', { ns: 'records' }),
    sorter: true,
    sortOrder: sort.field === '_created' ? sort.order : null,
    render: (_, r) => dateTime(r.created),
  });

  const onTableChange: TableProps<RecordItem>['onChange'] = (_p, _f, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    setSort({ field: s?.order ? String(s.columnKey) : undefined, order: s?.order ?? null });
    restart();
  };

  // A record as a person knows it: its serial number and title (批量修改 lists the ones it could not change).
  const serialKey = orderedFields(form).find((k) => anyFieldType(props[k]?.['x-formloom']?.type)?.numbersRecord);
  const nameOf = (r: RecordItem) => [serialKey ? r.data[serialKey] : undefined, recordTitle(form, r)].filter((v) => typeof v === 'string' && v !== '').join(' ') || r.id;

  // The records a selection action works on: the rows ticked, or every record the query
  // matches (read page by page); undefined, said in a message, when that is more than one
  // action may take or they could not be read.
  const chosen = async (): Promise<RecordItem[] | undefined> => {
    if (every === undefined) return items.filter((r) => selected.includes(r.id));
    try {
      const all = await everyMatch((c) => api.records(ws, app, form.key, { cursor: c || undefined, limit: 100, filter, sort: sortBy }));
      if (!all.more) return all.items;
      message.error(tu('everyTooMany', { max: EVERY_MATCH_MAX }));
    } catch (err) {
      message.error(errorMessage(err));
    }
    return undefined;
  };

  const deleteSelected = async () => {
    let done = 0;
    const problems: string[] = [];
    const recs = await chosen();
    if (!recs) return;
    for (const { id } of recs) {
      try {
        await api.deleteRecord(ws, app, form.key, id);
        done++;
      } catch (err) {
        problems.push(errorMessage(err));
      }
    }
    if (done > 0) message.success(tu('deleted', { count: done }));
    if (problems.length > 0) message.error(problems[0]);
    setSelected([]);
    setEvery(undefined);
    setReloads((n) => n + 1);
  };

  const selectEvery = async () => {
    try {
      const p = await api.records(ws, app, form.key, { limit: 1, filter, sort: sortBy, total: true });
      setEvery(p.total ?? items.length);
    } catch (err) {
      message.error(errorMessage(err));
    }
  };

  const exportMenu = (f: string) => ({
    items: [
      { key: 'csv', label: <a href={api.exportUrl(ws, app, form.key, 'csv', { filter: f, sort: sortBy })} download data-testid="export-csv">{tu('exportCsv')}</a> },
      { key: 'xlsx', label: <a href={api.exportUrl(ws, app, form.key, 'xlsx', { filter: f, sort: sortBy })} download data-testid="export-xlsx">{tu('exportXlsx')}</a> },
    ],
  });

  const chooser = (
    <Checkbox.Group
      value={shown}
      onChange={(v) => setShown(allFields.filter((k) => (v as string[]).includes(k)))}
      style={{ display: 'flex', flexDirection: 'column', gap: 6 }}
      data-testid="column-chooser"
      options={allFields.map((k) => ({ value: k, label: labels.get(k) ?? k }))}
    />
  );

  const hint = searchHint(searchFields(form), (k) => labels.get(k) ?? k);
  const searchPlaceholder =
    hint.names.length === 0
      ? tu('searchPlaceholder')
      : tu(hint.more ? 'searchInMore' : 'searchIn', { fields: hint.names.join(tu('listSeparator')) });
  const searchBox = (
    <Input.Search
      allowClear
      placeholder={searchPlaceholder}
      aria-label={tu('search')}
      onSearch={(v) => {
        setSearch(v);
        restart();
      }}
      style={{ maxWidth: 280 }}
      data-testid="records-search"
    />
  );
  const toolbar = (
    <div className="fl-records-toolbar">
      {phone ? (
        // A phone has no column headers to filter by: the sheet's button sits beside the search box.
        <div className="fl-records-search">
          {searchBox}
          <FilterButton filters={filters} onClick={() => setSheetOpen(true)} />
        </div>
      ) : (
        searchBox
      )}
      <Space wrap size={8}>
        {/* On a phone the filter button counts them and its sheet's 重置 clears them: no second row for this. */}
        {!phone && Object.values(filters).some(Boolean) && (
          <Button
            onClick={() => {
              setFilters({});
              restart();
            }}
          >
            {tu('clearFilters')}
          </Button>
        )}
        {!phone && (
          <Popover trigger="click" content={chooser} placement="bottomRight">
            <Button icon={<SettingOutlined />} data-testid="columns-button">
              {tu('columns')}
            </Button>
          </Popover>
        )}
        {actions.export && (
          <Dropdown menu={exportMenu(filter)} trigger={['click']}>
            <Button icon={<DownloadOutlined />} data-testid="export-button">
              {tu('export')}
            </Button>
          </Dropdown>
        )}
        {actions.import && (
          <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="import-button">
            {tu('import')}
          </Button>
        )}
      </Space>
    </div>
  );

  const selectionBar =
    selected.length > 0 ? (
      <Space wrap style={{ marginBottom: 12 }} data-testid="selection-bar">
        <Typography.Text type="secondary">{every !== undefined ? tu('everySelected', { count: every }) : t('common.selected', { count: selected.length })}</Typography.Text>
        {/* The whole page ticked and more pages behind it: the selection can grow to every
            record the filter matches (as Jiandaoyun's 选择全部数据), for 批量修改, delete and export. */}
        {every === undefined && next !== '' && selected.length === items.length && (
          <Button type="link" size="small" onClick={() => void selectEvery()} data-testid="select-every">
            {tu('selectEvery')}
          </Button>
        )}
        {every !== undefined && (
          <Button type="link" size="small" onClick={() => setEvery(undefined)} data-testid="select-page-only">
            {tu('selectPageOnly')}
          </Button>
        )}
        {actions.delete && (
          <Popconfirm title={tu('deleteConfirm', { count: every ?? selected.length })} onConfirm={() => void deleteSelected()} okButtonProps={{ danger: true }}>
            <Button danger icon={<DeleteOutlined />} data-testid="delete-selected">
              {tu('deleteSelected')}
            </Button>
          </Popconfirm>
        )}
        {actions.update && (
          <Button
            icon={<EditOutlined />}
            onClick={() => void chosen().then((recs) => recs && setBulkRecords(recs))}
            data-testid="bulk-edit-selected"
          >
            {tu('bulkEdit')}
          </Button>
        )}
        {actions.export && (
          <Dropdown menu={exportMenu(every !== undefined ? filter : idsFilter(selected))} trigger={['click']}>
            <Button icon={<DownloadOutlined />} data-testid="export-selected">
              {tu('exportSelected')}
            </Button>
          </Dropdown>
        )}
      </Space>
    ) : null;

  // An empty first page offers no page size: there is nothing to page through.
  const pageSizeChoice = items.length === 0 && pages.page === 0 ? undefined : (
    <Select
      size="small"
      value={pageSize}
      onChange={(v) => {
        setPageSize(v);
        restart();
      }}
      options={PAGE_SIZES.map((n) => ({ value: n, label: tu('pageSize', { size: n }) }))}
      data-testid="page-size"
    />
  );

  return (
    <>
      {toolbar}
      {link && <LinkTag ws={ws} app={app} form={form} link={link} onUnlink={onUnlink} />}
      {records.error ? (
        <LoadError error={records.error} onRetry={records.reload} />
      ) : phone ? (
        <RecordCards
          items={items}
          loading={records.loading}
          emptyText={t('empty', { ns: 'records' })}
          testId="records-cards"
          cardTestId="record-card"
          onOpen={(r) => navigate(recordPath(ws, app, form.key, r.id), { state: opened })}
          title={(r) => recordTitle(form, r) || localized(form.name, i18n.language)}
          extra={(r) => (r.flow ? <FlowStatusTag status={r.flow.status} /> : null)}
          lines={(r) =>
            shown
              .filter((k) => r.data[k] !== recordTitle(form, r))
              .map((k) => ({ key: k, label: labels.get(k) ?? k, value: displayValue(props[k], r.data[k], i18n.language, texts) }))
          }
          footer={(r) => r.stage && <Tag bordered={false}>{r.stage}</Tag>}
        />
      ) : (
        <>
          {selectionBar}
          <PagedTable<RecordItem>
            rowKey="id"
            columns={columns}
            dataSource={items}
            loading={records.loading}
            onChange={onTableChange}
            locale={{ emptyText: t('empty', { ns: 'records' }) }}
            rowSelection={
              actions.delete || actions.export || actions.update
                ? {
                    selectedRowKeys: selected,
                    onChange: (keys) => {
                      setSelected(keys.map(String));
                      setEvery(undefined);
                    },
                    preserveSelectedRowKeys: false,
                    // antd's own label for this box is English in every language.
                    getTitleCheckboxProps: () => ({ 'aria-label': t('common.selectAll') }),
                  }
                : undefined
            }
            // A click anywhere on a row opens the record, as the card does on a phone; the
            // first column's link stays for the keyboard, and the row's own controls
            // (selection box, links) keep their click.
            onRow={(r) => ({
              onClick: (e) => {
                if (opensRow(e.target, e.currentTarget)) navigate(recordPath(ws, app, form.key, r.id), { state: opened });
              },
              className: 'fl-record-row',
            })}
            data-testid="records-table"
            pages={pages}
            next={next}
            pagerStart={pageSizeChoice}
          />
        </>
      )}
      {/* The table brings its own pager; the cards and a failed load keep the same row. */}
      {(Boolean(records.error) || phone) && <PagerBar pages={pages} next={next} pagerStart={pageSizeChoice} />}
      {phone && (
        <FilterSheet
          form={form}
          people={people}
          open={sheetOpen}
          filters={filters}
          onClose={() => setSheetOpen(false)}
          onApply={(next) => {
            setSheetOpen(false);
            // The same filters again keep the page the list is on.
            if (sameFilters(next, filters)) return;
            setFilters(next);
            restart();
          }}
        />
      )}
      {bulkRecords && (
        <BulkEditModal
          ws={ws}
          app={app}
          form={form}
          records={bulkRecords}
          people={people}
          nameOf={nameOf}
          onClose={() => setBulkRecords(undefined)}
          onDone={() => setReloads((n) => n + 1)}
        />
      )}
      {importing && (
        <ImportModal
          ws={ws}
          app={app}
          form={form}
          onClose={() => setImporting(false)}
          onImported={() => setReloads((n) => n + 1)}
        />
      )}
    </>
  );
}

/**
 * LinkTag says which record the list is narrowed to (关联会议：周例会), by the name the member
 * may read, and its close shows every record again.
 */
function LinkTag({ ws, app, form, link, onUnlink }: { ws: string; app: string; form: RuntimeFormDef; link: LinkFilter; onUnlink?: () => void }) {
  const { i18n, t } = useTranslation('records');
  const api = useApi();
  const prop = form.schema.properties?.[link.field];
  const named = prop?.['x-formloom']?.form;
  const target = typeof named === 'string' ? named : form.key;
  const name = useAsync(() => api.recordChoices(ws, app, target, { ids: [link.id] }), [api, ws, app, target, link.id]);
  const found = name.data?.items.find((c) => c.id === link.id);
  const label = localized(prop?.['x-formloom']?.label, i18n.language) || link.field;
  return (
    <div style={{ marginBottom: 12 }}>
      <Tag closable onClose={onUnlink} data-testid="records-link">
        {t('related.linkedTo', { field: label, name: found ? choiceLabel(found) : '…' })}
      </Tag>
    </div>
  );
}

/** ColumnFilterBox is one column's filter, by the kind its field type offers. */
function ColumnFilterBox({
  field,
  prop,
  value,
  people,
  onChange,
  close,
}: {
  field: string;
  prop: JsonSchema;
  value?: ColumnFilter;
  people: People;
  onChange: (f: ColumnFilter | undefined) => void;
  close: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { t: tu } = useTranslation('enduser');
  const kind = filterKind(prop);
  const [draft, setDraft] = useState<ColumnFilter | undefined>(value);
  const apply = () => {
    onChange(draft);
    close();
  };
  let body: ReactNode = null;
  switch (kind) {
    case 'text':
      body = (
        <Input
          autoFocus
          placeholder={tu('contains')}
          value={draft?.kind === 'text' ? draft.contains : ''}
          onChange={(e) => setDraft({ kind: 'text', contains: e.target.value })}
          onPressEnter={apply}
          data-testid={`filter-${field}`}
        />
      );
      break;
    case 'choice': {
      body = (
        <Checkbox.Group
          value={draft?.kind === 'choice' ? draft.values : []}
          onChange={(v) => setDraft({ kind: 'choice', values: v as string[] })}
          style={{ display: 'flex', flexDirection: 'column', gap: 6 }}
          data-testid={`filter-${field}`}
          options={choiceOptions(prop, i18n.language)}
        />
      );
      break;
    }
    case 'bool':
      body = (
        <Radio.Group
          value={draft?.kind === 'bool' ? draft.value : undefined}
          onChange={(e) => setDraft({ kind: 'bool', value: e.target.value as boolean })}
          options={[
            { value: true, label: t('common2.yes') },
            { value: false, label: t('common2.no') },
          ]}
        />
      );
      break;
    case 'range': {
      const r = draft?.kind === 'range' ? draft : { kind: 'range' as const };
      body = (
        <Space direction="vertical" data-testid={`filter-${field}`}>
          <InputNumber placeholder={tu('from')} value={r.from as number | undefined} onChange={(v) => setDraft({ ...r, kind: 'range', from: v ?? undefined })} style={{ width: 180 }} />
          <InputNumber placeholder={tu('to')} value={r.to as number | undefined} onChange={(v) => setDraft({ ...r, kind: 'range', to: v ?? undefined })} style={{ width: 180 }} />
        </Space>
      );
      break;
    }
    case 'dateRange': {
      const r = draft?.kind === 'dateRange' ? draft : { kind: 'dateRange' as const };
      const withTime = prop.format === 'date-time';
      body = (
        <DatePicker.RangePicker
          value={[r.from ? dayjs(String(r.from)) : null, r.to ? dayjs(String(r.to)) : null]}
          onChange={(v) => setDraft({ kind: 'dateRange', from: dateBound(v?.[0], withTime, false), to: dateBound(v?.[1], withTime, true) })}
          data-testid={`filter-${field}`}
        />
      );
      break;
    }
    case 'member':
    case 'department': {
      const f = draft?.kind === kind ? draft : { kind, mine: false, values: [] as string[] };
      body = (
        <Space direction="vertical" data-testid={`filter-${field}`}>
          <Checkbox checked={f.mine} onChange={(e) => setDraft({ ...f, kind, mine: e.target.checked })}>
            {kind === 'member' ? tu('me') : tu('myDepartment')}
          </Checkbox>
          {!f.mine && (
            <Select
              mode="multiple"
              showSearch
              optionFilterProp="label"
              style={{ width: 220 }}
              value={f.values}
              onChange={(v) => setDraft({ ...f, kind, values: v })}
              options={kind === 'member' ? people.members : people.departments}
            />
          )}
        </Space>
      );
      break;
    }
  }
  return (
    <div style={{ padding: 10, maxWidth: 300 }} onKeyDown={(e) => e.stopPropagation()}>
      {body}
      <Space style={{ marginTop: 10, justifyContent: 'flex-end', width: '100%' }}>
        <Button
          size="small"
          onClick={() => {
            setDraft(undefined);
            onChange(undefined);
            close();
          }}
        >
          {tu('reset')}
        </Button>
        <Button size="small" type="primary" onClick={apply} data-testid={`filter-${field}-apply`}>
          {tu('filters')}
        </Button>
      </Space>
    </div>
  );
}
