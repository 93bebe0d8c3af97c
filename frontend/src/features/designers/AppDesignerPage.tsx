import { ArrowLeftOutlined, CloudUploadOutlined, EditOutlined, RedoOutlined, SaveOutlined, UndoOutlined } from '@ant-design/icons';
import { Alert, App, Badge, Button, Result, Skeleton, Space, Spin, Tabs, Tag, Tooltip, Typography } from 'antd';
import { Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useApi } from '../../shared/api/ApiContext';
import { isApiError } from '../../shared/api/errors';
import type { AppInfo } from '../../shared/api/types';
import { LoadError } from '../../shared/components/LoadError';
import { errorMessage } from '../../shared/lib/apiErrors';
import { namesOf, parseTemplate, withAppName, type Template } from './form/designer';
import { NameModal } from './form/NameModal';
import { localized } from '../../shared/lib/localized';
import { useAsync } from '../../shared/hooks/useAsync';
import { appPath } from '../../shared/hooks/useWorkspaceData';
import { PublishResult, type Published } from './PublishResult';
import type { Sentence } from './publish/sentences';
import { PublishDialog } from './publish/PublishDialog';
import { DESIGNER_PARTS, partFor } from './registry';
import { DraftProvider, useDraft } from './store/DraftContext';
import { PublishedProvider } from './store/PublishedContext';
import { toProblems } from './store/problems';

/**
 * AppDesignerPage is the app designer: one draft of the whole template shared by every
 * designer part (forms, flow, roles and permissions, views, dashboards, automations), shown
 * as tabs, with undo and redo, save and publish. The server judges every save; its problems
 * are listed here and shown by the part that owns their pointer.
 */
export default function AppDesignerPage() {
  const { t } = useTranslation();
  const { ws = '', app = '' } = useParams();
  const api = useApi();
  const loaded = useAsync(async () => {
    const [info, draft] = await Promise.all([api.app(ws, app), api.draft(ws, app)]);
    return { info, template: parseTemplate(draft) };
  }, [api, ws, app]);

  if (loaded.error) {
    if (isApiError(loaded.error) && (loaded.error.status === 403 || loaded.error.status === 404)) {
      return <Result status="403" title={t('forbidden', { ns: 'designers' })} />;
    }
    return <LoadError error={loaded.error} onRetry={loaded.reload} />;
  }
  if (!loaded.data) {
    return (
      <div className="fl-page">
        <Skeleton active />
      </div>
    );
  }
  return (
    <DraftProvider initial={loaded.data.template}>
      <Shell ws={ws} app={app} info={loaded.data.info} />
    </DraftProvider>
  );
}

function Shell({ ws, app, info }: { ws: string; app: string; info: AppInfo }) {
  const { t, i18n } = useTranslation();
  const { t: td } = useTranslation('designers');
  const { part: partKey } = useParams();
  const navigate = useNavigate();
  const api = useApi();
  const { message } = App.useApp();
  const draft = useDraft();
  const [saving, setSaving] = useState(false);
  const [publishing, setPublishing] = useState(false);
  const [published, setPublished] = useState<Published>();
  // The version the designers compare the draft with (published options, roles): a publish moves it.
  const [version, setVersion] = useState(info.published);
  const [asking, setAsking] = useState(false);
  const [renaming, setRenaming] = useState(false);

  const active = DESIGNER_PARTS.find((p) => p.key === partKey) ?? DESIGNER_PARTS[0]!;
  const openPart = (key: string) => navigate(`${appPath(ws, app)}/design/${key}`);

  // Leaving the page (closing the tab, reloading) with unsaved edits asks first.
  useEffect(() => {
    if (!draft.dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [draft.dirty]);

  // Ctrl+Z / Ctrl+Shift+Z (and Ctrl+Y) undo and redo, except while typing in a field.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey)) return;
      const el = e.target as HTMLElement | null;
      if (el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName))) return;
      const k = e.key.toLowerCase();
      if (k === 'z' && !e.shiftKey) draft.undo();
      else if ((k === 'z' && e.shiftKey) || k === 'y') draft.redo();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [draft]);

  const showProblems = (fields: Record<string, { code?: string; message: string }>) => {
    const problems = toProblems(fields);
    draft.setProblems(problems);
    const first = problems.map((p) => ({ p, part: partFor(p.pointer) })).find((x) => x.part);
    if (first?.part) {
      if (first.part.key !== active.key) openPart(first.part.key);
      draft.select(first.p.pointer);
    }
  };

  const save = async () => {
    const sent: Template = draft.doc;
    const revision = draft.state.revision;
    setSaving(true);
    try {
      await api.saveDraft(ws, app, sent);
      draft.markSaved(revision, sent);
      draft.setProblems([]);
      message.success(t('saved', { ns: 'designers' }));
    } catch (err) {
      if (isApiError(err) && err.hasFieldErrors()) showProblems(err.fields);
      else message.error(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  const publishFailed = (err: unknown) => {
    setAsking(false);
    if (isApiError(err) && err.code === 'no_changes') message.info(t('noChanges', { ns: 'designers' }));
    else if (isApiError(err) && err.hasFieldErrors()) showProblems(err.fields);
    else message.error(errorMessage(err));
  };

  // Publishing first asks, in words, what the new version changes (PublishDialog); the
  // result repeats those words.
  const publish = async (sentences: Sentence[]) => {
    setPublishing(true);
    try {
      const v = await api.publish(ws, app);
      setPublished({ version: v, sentences });
      setVersion(v.number);
      setAsking(false);
    } catch (err) {
      publishFailed(err);
    } finally {
      setPublishing(false);
    }
  };

  // The draft's name: a rename shows at once, and reaches the app list when the draft is saved.
  const appName = localized(draft.doc.name as typeof info.name, i18n.language) || localized(info.name, i18n.language) || info.key;
  const problems = draft.state.problems;

  return (
    <div className="fl-page fl-designer">
      <NameModal
        open={renaming}
        title={td('renameApp')}
        value={namesOf(draft.doc.name)}
        onCancel={() => setRenaming(false)}
        onSave={(name) => {
          draft.edit((d) => withAppName(d, name));
          setRenaming(false);
        }}
      />
      <div className="fl-page-head">
        <Space align="center" size={12}>
          <Link to={appPath(ws, app)} aria-label={t('leave', { ns: 'designers' })}>
            <Button type="text" icon={<ArrowLeftOutlined />} />
          </Link>
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="designer-title">
            {t('title', { ns: 'designers', app: appName })}
          </Typography.Title>
          <Tooltip title={td('renameApp')}>
            <Button type="text" icon={<EditOutlined />} onClick={() => setRenaming(true)} aria-label={td('renameApp')} data-testid="designer-rename-app" />
          </Tooltip>
          {draft.dirty && <Tag color="orange">{t('unsaved', { ns: 'designers' })}</Tag>}
        </Space>
        <Space wrap>
          <Tooltip title={td('undoHint')}>
            <Button icon={<UndoOutlined />} disabled={!draft.canUndo} onClick={draft.undo} aria-label={td('undo')} data-testid="designer-undo" />
          </Tooltip>
          <Tooltip title={td('redoHint')}>
            <Button icon={<RedoOutlined />} disabled={!draft.canRedo} onClick={draft.redo} aria-label={td('redo')} data-testid="designer-redo" />
          </Tooltip>
          <Button
            icon={<SaveOutlined />}
            type={draft.dirty ? 'primary' : 'default'}
            disabled={!draft.dirty}
            loading={saving}
            onClick={() => void save()}
            data-testid="designer-save"
          >
            {t('save', { ns: 'designers' })}
          </Button>
          <Button
            icon={<CloudUploadOutlined />}
            disabled={draft.dirty}
            title={draft.dirty ? t('publishHint', { ns: 'designers' }) : undefined}
            loading={publishing}
            onClick={() => setAsking(true)}
            data-testid="designer-publish"
          >
            {t('publish', { ns: 'designers' })}
          </Button>
        </Space>
      </div>

      {problems.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('problems', { ns: 'designers' })}
          data-testid="designer-problems"
          description={
            <ul className="fl-designer-problem-list">
              {problems.map((p) => {
                const part = partFor(p.pointer);
                return (
                  <li key={p.pointer}>
                    <Typography.Link
                      onClick={() => {
                        if (part && part.key !== active.key) openPart(part.key);
                        draft.select(p.pointer);
                      }}
                    >
                      {part ? td(`parts.${part.key}`) : td('otherProblem')}
                      {part?.describe ? ` · ${part.describe(draft.doc, p.pointer, i18n.language, (type) => td(`types.${type}` as 'types.text')) ?? ''}` : ''}
                    </Typography.Link>{' '}
                    {p.message}
                  </li>
                );
              })}
            </ul>
          }
        />
      )}

      <Tabs
        activeKey={active.key}
        onChange={openPart}
        data-testid="designer-parts"
        items={DESIGNER_PARTS.map((p) => {
          const n = problems.filter((x) => p.owns(x.pointer)).length;
          return {
            key: p.key,
            label: (
              <span data-testid={`designer-part-${p.key}`}>
                {td(`parts.${p.key}`)} {n > 0 && <Badge count={n} size="small" />}
              </span>
            ),
          };
        })}
      />
      <PublishedProvider ws={ws} app={app} version={version}>
        <Suspense fallback={<Spin />}>
          <active.Component ws={ws} app={app} />
        </Suspense>
      </PublishedProvider>
      <PublishDialog
        ws={ws}
        app={app}
        draft={draft.doc}
        open={asking}
        publishing={publishing}
        onCancel={() => setAsking(false)}
        onPublish={(said) => void publish(said)}
        onError={publishFailed}
      />
      <PublishResult published={published} onClose={() => setPublished(undefined)} />
    </div>
  );
}
