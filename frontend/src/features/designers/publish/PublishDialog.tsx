import { Alert, Button, Modal, Skeleton, Space, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../../shared/api/ApiContext';
import type { PublishPreview } from '../../../shared/api/types';
import { parseTemplate, type Template } from '../form/designer';
import { usePeople } from '../../../shared/hooks/useWorkspaceData';
import { nothingToBreak, publishSentences, type Sentence, type SentenceGroup } from './sentences';

const GROUPS: SentenceGroup[] = ['breaks', 'fields', 'flow', 'other', 'runs'];

interface Props {
  ws: string;
  app: string;
  /** The saved draft that would be published. */
  draft: Template;
  open: boolean;
  publishing: boolean;
  onCancel: () => void;
  /** Publish; gets the sentences shown, for the result to repeat. */
  onPublish: (said: Sentence[]) => void;
  /** The preview failed (a draft the server refuses, a network error). */
  onError: (err: unknown) => void;
}

/**
 * PublishDialog asks before publishing, saying in sentences what the new version changes —
 * fields by their labels, flow steps by their names — what breaks and how many records that
 * concerns, and that runs in progress keep the version they started with.
 */
export function PublishDialog({ ws, app, draft, open, publishing, onCancel, onPublish, onError }: Props) {
  const { t, i18n } = useTranslation('designerPublish');
  const { t: ft } = useTranslation('flow');
  const api = useApi();
  const people = usePeople(ws);
  const [loaded, setLoaded] = useState<{ report: PublishPreview; old: Template }>();

  // A closed dialog forgets the report, so reopening never shows an old one.
  const [wasOpen, setWasOpen] = useState(open);
  if (open !== wasOpen) {
    setWasOpen(open);
    if (!open) setLoaded(undefined);
  }

  useEffect(() => {
    if (!open) return;
    let live = true;
    void (async () => {
      try {
        const report = await api.publishPreview(ws, app);
        const old = parseTemplate(report.from > 0 ? await api.appVersion(ws, app, report.from) : { forms: [] });
        if (live) setLoaded({ report, old });
      } catch (err) {
        if (live) onError(err);
      }
    })();
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, api, ws, app]);

  const sentences: Sentence[] = useMemo(() => {
    if (!loaded) return [];
    return publishSentences({
      old: loaded.old,
      next: draft,
      report: loaded.report,
      language: i18n.language,
      t: (k, o) => t(k as 'title', o) as string,
      ft: (k, o) => ft(k as 'pipeline', o) as string,
      member: (id) => people.name(id) ?? id,
    });
  }, [loaded, draft, i18n.language, t, ft, people]);

  const report = loaded?.report;
  const nothing = report !== undefined && report.changes.length === 0;
  // Changes that would break records break nothing while the forms hold none.
  const breaking = report !== undefined && report.breaking && !nothingToBreak(report);
  return (
    <Modal
      open={open}
      title={report ? t('title', { to: report.to }) : t('loading')}
      onCancel={onCancel}
      width={720}
      footer={
        <Space>
          <Button onClick={onCancel} data-testid="publish-cancel">
            {t('cancel')}
          </Button>
          <Button type="primary" danger={breaking} disabled={!report || nothing} loading={publishing} onClick={() => onPublish(sentences)} data-testid="publish-confirm">
            {report ? t('publish', { to: report.to }) : t('loading')}
          </Button>
        </Space>
      }
    >
      {!report && <Skeleton active />}
      {report && (
        <div data-testid="publish-dialog">
          {nothing ? (
            <Alert type="info" showIcon message={t('nothing')} />
          ) : (
            <Alert
              type={breaking ? 'warning' : 'success'}
              showIcon
              style={{ marginBottom: 12 }}
              message={breaking ? t('breakingAlert', { from: report.from }) : report.breaking ? t('noRecordsYet') : t('safeAlert')}
            />
          )}
          {GROUPS.map((g) => {
            const here = sentences.filter((s) => s.group === g);
            if (here.length === 0 || (nothing && g !== 'runs')) return null;
            return (
              <section key={g} className="fl-publish-group" data-testid={`publish-group-${g}`}>
                <Typography.Title level={5} style={{ marginTop: 8 }}>
                  {t(`groups.${g}`)}
                </Typography.Title>
                <ul style={{ paddingInlineStart: 20, margin: 0 }}>
                  {here.map((s, i) => (
                    <li key={i} data-testid="publish-sentence">
                      {s.text} {s.breaking && g !== 'breaks' && <Tag color="red">{t('breakingTag')}</Tag>}
                    </li>
                  ))}
                </ul>
              </section>
            );
          })}
        </div>
      )}
    </Modal>
  );
}
