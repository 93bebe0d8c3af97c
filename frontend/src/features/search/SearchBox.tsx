import { SearchOutlined } from '@ant-design/icons';
import { Alert, Button, DatePicker, Empty, Grid, Input, List, Modal, Select, Space, Spin, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useApi } from '../../shared/api/ApiContext';
import { errorMessage } from '../../shared/lib/apiErrors';
import { localized } from '../../shared/lib/localized';
import { useAsync } from '../../shared/hooks/useAsync';
import { recordPath } from '../../shared/hooks/useWorkspaceData';
import '../../shared/i18n/pickerLocale';
import { isSearchable, MAX_QUERY_LENGTH, mergeSegments, searchQuery, type SearchHit, type SearchParams, type SearchResult } from './model';

/** How long typing must pause before the box asks the server. */
const DEBOUNCE_MS = 250;

/**
 * SearchBox is the header's search across every app and form of the workspace the member
 * may read: a button (Ctrl+K or "/" too) that opens a dialog with the text, filters by app
 * and created date, and the hits, each opened with one click.
 */
export function SearchBox({ ws }: { ws: string }) {
  const { t } = useTranslation('search');
  const screens = Grid.useBreakpoint();
  const [open, setOpen] = useState(false);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      const typing = !!target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
      if ((e.key === 'k' && (e.ctrlKey || e.metaKey)) || (e.key === '/' && !typing)) {
        e.preventDefault();
        setOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <>
      <Button type="text" icon={<SearchOutlined />} onClick={() => setOpen(true)} aria-label={t('open')} data-testid="search-open">
        {screens.md ? t('open') : null}
      </Button>
      {open && <SearchDialog ws={ws} onClose={() => setOpen(false)} />}
    </>
  );
}

/** day is a YYYY-MM-DD date as the pickers hold it. */
const day = (v: string | undefined) => (v ? dayjs(v) : null);

function SearchDialog({ ws, onClose }: { ws: string; onClose: () => void }) {
  const phone = Grid.useBreakpoint().md === false;
  const { t, i18n } = useTranslation('search');
  const api = useApi();
  const navigate = useNavigate();
  const [params, setParams] = useState<SearchParams>({ q: '' });
  const [result, setResult] = useState<SearchResult>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState('');
  const apps = useAsync(() => api.apps(ws), [api, ws]);

  useEffect(() => {
    if (!isSearchable(params.q)) return;
    let stale = false;
    const timer = setTimeout(() => {
      setLoading(true);
      const query = searchQuery(params, -new Date().getTimezoneOffset());
      api.client.get<SearchResult>(`/workspaces/${encodeURIComponent(ws)}/search?${query}`).then(
        (r) => {
          if (stale) return;
          setResult(r);
          setError('');
          setLoading(false);
        },
        (err: unknown) => {
          if (stale) return;
          setError(errorMessage(err));
          setLoading(false);
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [api, ws, params]);

  const openHit = (h: SearchHit) => {
    onClose();
    navigate(recordPath(ws, h.app, h.form, h.record));
  };

  const set = (patch: Partial<SearchParams>) => setParams((p) => ({ ...p, ...patch }));
  const changeQuery = (q: string) => {
    set({ q });
    // A query too short to search clears the last answer, and the search it drops stops spinning.
    if (!isSearchable(q)) {
      setResult(undefined);
      setError('');
      setLoading(false);
    }
  };
  const dateFmt = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' });

  return (
    <Modal open title={t('title')} onCancel={onClose} footer={null} width={720} destroyOnHidden className="fl-search-dialog">
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        <Input
          autoFocus
          allowClear
          size="large"
          prefix={<SearchOutlined />}
          placeholder={t('placeholder')}
          maxLength={MAX_QUERY_LENGTH}
          value={params.q}
          onChange={(e) => changeQuery(e.target.value)}
          onPressEnter={() => result?.items[0] && openHit(result.items[0])}
          data-testid="search-input"
        />
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
          <Select
            style={{ minWidth: 160 }}
            value={params.app ?? ''}
            onChange={(v: string) => set({ app: v || undefined })}
            options={[{ value: '', label: t('allApps') }, ...(apps.data ?? []).filter((a) => a.published > 0).map((a) => ({ value: a.id, label: localized(a.name, i18n.language) }))]}
            aria-label={t('app')}
            data-testid="search-app"
          />
          <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
            {t('created')}
          </Typography.Text>
          <div style={{ display: 'flex', gap: 4, alignItems: 'center', flex: '1 1 260px', maxWidth: 320 }}>
            {/* antd's pickers, not the browser's date inputs: those speak the browser's language, not the one chosen here. */}
            <DatePicker aria-label={t('from')} placeholder={t('from')} value={day(params.from)} onChange={(d) => set({ from: d ? d.format('YYYY-MM-DD') : undefined })} inputReadOnly={phone} style={{ flex: 1, minWidth: 0 }} data-testid="search-from" />
            <span>–</span>
            <DatePicker aria-label={t('to')} placeholder={t('to')} value={day(params.to)} onChange={(d) => set({ to: d ? d.format('YYYY-MM-DD') : undefined })} inputReadOnly={phone} style={{ flex: 1, minWidth: 0 }} data-testid="search-to" />
          </div>
        </div>
        {error && <Alert type="error" showIcon message={t('failed')} description={error} />}
        {result?.partial && <Alert type="info" showIcon message={t('partial')} />}
        <Spin spinning={loading}>
          {!result ? (
            <Typography.Paragraph type="secondary" style={{ margin: '16px 0' }}>
              {t('hint')}
            </Typography.Paragraph>
          ) : result.items.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('empty')} />
          ) : (
            <List
              className="fl-search-results"
              dataSource={result.items}
              data-testid="search-results"
              renderItem={(h) => (
                <List.Item
                  key={h.record}
                  onClick={() => openHit(h)}
                  onKeyDown={(e) => e.key === 'Enter' && openHit(h)}
                  tabIndex={0}
                  role="link"
                  style={{ cursor: 'pointer', display: 'block' }}
                  data-testid="search-hit"
                >
                  <Space size={8} wrap style={{ width: '100%', justifyContent: 'space-between' }}>
                    <Space size={8} wrap>
                      <Typography.Text strong>{h.title}</Typography.Text>
                      {h.serial && <Tag>{h.serial}</Tag>}
                    </Space>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {dateFmt.format(new Date(h.created))}
                    </Typography.Text>
                  </Space>
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {localized(h.appName, i18n.language)} · {localized(h.formName, i18n.language)} · {t('in', { field: localized(h.fieldLabel, i18n.language) })}
                    </Typography.Text>
                  </div>
                  <div className="fl-search-snippet">
                    {mergeSegments(h.snippet).map((s, i) => (s.hit ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>))}
                  </div>
                </List.Item>
              )}
            />
          )}
        </Spin>
      </Space>
    </Modal>
  );
}
