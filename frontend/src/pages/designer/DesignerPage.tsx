import { ArrowLeftOutlined, CloudUploadOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  closestCenter,
  useSensor,
  useSensors,
  type DragEndEvent,
  type DragStartEvent,
} from '@dnd-kit/core';
import { sortableKeyboardCoordinates } from '@dnd-kit/sortable';
import { Alert, App, Badge, Button, Empty, Result, Skeleton, Space, Tabs, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useApi } from '../../api/ApiContext';
import { isApiError } from '../../api/errors';
import type { AppVersion, FormDef } from '../../api/types';
import { ErrorBoundary } from '../../components/ErrorBoundary';
import { LoadError } from '../../components/LoadError';
import { SchemaForm } from '../../components/SchemaForm';
import { errorMessage } from '../../lib/apiErrors';
import {
  addField,
  addForm,
  fieldKeys,
  fieldView,
  formName,
  moveField,
  newFieldKey,
  parseTemplate,
  placeProblems,
  property,
  removeField,
  renameField,
  replaceProperty,
  updateField,
  type FieldView,
  type PaletteType,
  type Problem,
  type Template,
} from '../../lib/designer';
import { localized } from '../../lib/localized';
import { toRjsf } from '../../lib/schemaForm';
import { useAsync } from '../../lib/useAsync';
import { appPath, usePeople } from '../../lib/useWorkspaceData';
import { AddFormModal } from './AddFormModal';
import { FieldList, LIST_ID } from './FieldList';
import { FieldSettings } from './FieldSettings';
import { PALETTE_ID, Palette } from './Palette';
import { PublishResult } from './PublishResult';

/** Preview renders the form being designed as people will fill it in. */
function Preview({ form, ws }: { form: FormDef; ws: string }) {
  const { t, i18n } = useTranslation();
  const people = usePeople(ws);
  const [data, setData] = useState<Record<string, unknown>>({});
  const text = JSON.stringify(form);
  const rjsf = useMemo(
    () => toRjsf(form, { language: i18n.language, members: people.members, departments: people.departments }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [text, i18n.language, people.members, people.departments],
  );
  return (
    <ErrorBoundary key={text} fallback={<Alert type="warning" showIcon message={t('designer.previewError')} />}>
      <SchemaForm form={rjsf} data={data} onChange={setData} onSubmit={() => undefined} />
    </ErrorBoundary>
  );
}

/**
 * DesignerPage is the no-code form designer of an app: field types on the left (click or
 * drag), the form's fields in the middle (drag to reorder), the selected field's settings
 * and a live preview on the right; one tab per form. It edits the app's draft template and
 * saves it whole; the server's problems are shown on the fields they point to.
 */
export default function DesignerPage() {
  const { t, i18n } = useTranslation();
  const { ws = '', app = '' } = useParams();
  const api = useApi();
  const { message } = App.useApp();
  const loaded = useAsync(async () => {
    const [info, draft] = await Promise.all([api.app(ws, app), api.draft(ws, app)]);
    return { info, template: parseTemplate(draft) };
  }, [api, ws, app]);

  const [template, setTemplate] = useState<Template>();
  const [savedText, setSavedText] = useState('');
  // Field keys as last loaded or saved, per form key: their keys are fixed.
  const [fixedKeys, setFixedKeys] = useState<Map<string, Set<string>>>(new Map());
  const [formIndex, setFormIndex] = useState(0);
  const [selected, setSelected] = useState<string>();
  const [problems, setProblems] = useState<Problem[]>([]);
  const [saving, setSaving] = useState(false);
  const [publishing, setPublishing] = useState(false);
  const [version, setVersion] = useState<AppVersion>();
  const [addingForm, setAddingForm] = useState(false);
  const [dragging, setDragging] = useState<string>();

  const remember = (tpl: Template) => {
    setSavedText(JSON.stringify(tpl));
    setFixedKeys(new Map(tpl.forms.map((f) => [String(f.key), new Set(fieldKeys(f))])));
  };

  useEffect(() => {
    if (!loaded.data) return;
    setTemplate(loaded.data.template);
    remember(loaded.data.template);
  }, [loaded.data]);

  // Leaving the page (closing the tab, reloading) with unsaved edits asks first.
  const unsaved = template !== undefined && JSON.stringify(template) !== savedText;
  useEffect(() => {
    if (!unsaved) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [unsaved]);

  const sensors = useSensors(
    // A short move starts a drag, so that a click on a palette item still adds a field.
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  if (loaded.error) {
    if (isApiError(loaded.error) && loaded.error.status === 403) return <Result status="403" title={t('designer.forbidden')} />;
    return <LoadError error={loaded.error} onRetry={loaded.reload} />;
  }
  if (!template || !loaded.data) {
    return (
      <div className="fl-page">
        <Skeleton active />
      </div>
    );
  }

  const dirty = unsaved;
  const form = template.forms[formIndex];
  const keys = form ? fieldKeys(form) : [];
  const fields = form ? keys.map((k) => fieldView(form, k)).filter((f): f is FieldView => f !== undefined) : [];
  const current = form && selected ? fieldView(form, selected) : undefined;
  const formProblems = problems.filter((p) => p.form === formIndex);
  const perField = new Map<string, number>();
  for (const p of formProblems) if (p.field) perField.set(p.field, (perField.get(p.field) ?? 0) + 1);
  const isNew = (key: string) => !fixedKeys.get(String(form?.key))?.has(key);

  const add = (type: PaletteType, at?: number) => {
    if (!form) return;
    const key = newFieldKey(form);
    const label = { zh: t(`designer.types.${type}`, { lng: 'zh-CN' }), en: '' };
    setTemplate(addField(template, formIndex, type, key, label, at));
    setSelected(key);
  };

  const onDragStart = (e: DragStartEvent) => setDragging(String(e.active.id));
  const onDragEnd = (e: DragEndEvent) => {
    setDragging(undefined);
    const active = String(e.active.id);
    const over = e.over ? String(e.over.id) : undefined;
    if (!over) return;
    if (active.startsWith(PALETTE_ID)) {
      const at = over === LIST_ID ? undefined : keys.indexOf(over);
      add(active.slice(PALETTE_ID.length) as PaletteType, at === -1 ? undefined : at);
      return;
    }
    const from = keys.indexOf(active);
    const to = keys.indexOf(over);
    if (from >= 0 && to >= 0 && from !== to) setTemplate(moveField(template, formIndex, from, to));
  };

  const save = async () => {
    setSaving(true);
    try {
      await api.saveDraft(ws, app, template);
      remember(template);
      setProblems([]);
      message.success(t('designer.saved'));
    } catch (err) {
      if (isApiError(err) && err.hasFieldErrors()) {
        const placed = placeProblems(template, err.fields);
        setProblems(placed);
        const first = placed.find((p) => p.form !== undefined);
        if (first?.form !== undefined) {
          setFormIndex(first.form);
          if (first.field) setSelected(first.field);
        }
      } else {
        message.error(errorMessage(err));
      }
    } finally {
      setSaving(false);
    }
  };

  const publish = async () => {
    setPublishing(true);
    try {
      setVersion(await api.publish(ws, app));
    } catch (err) {
      if (isApiError(err) && err.code === 'no_changes') message.info(t('designer.noChanges'));
      else if (isApiError(err) && err.hasFieldErrors()) setProblems(placeProblems(template, err.fields));
      else message.error(errorMessage(err));
    } finally {
      setPublishing(false);
    }
  };

  const goTo = (p: Problem) => {
    if (p.form === undefined) return;
    setFormIndex(p.form);
    setSelected(p.field);
  };

  const appName = localized(loaded.data.info.name, i18n.language) || loaded.data.info.key;

  return (
    <div className="fl-page fl-designer">
      <div className="fl-page-head">
        <Space align="center" size={12}>
          <Link to={appPath(ws, app)} aria-label={t('designer.leave')}>
            <Button type="text" icon={<ArrowLeftOutlined />} />
          </Link>
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="designer-title">
            {t('designer.title', { app: appName })}
          </Typography.Title>
          {dirty && <Tag color="orange">{t('designer.unsaved')}</Tag>}
        </Space>
        <Space>
          <Button icon={<SaveOutlined />} type={dirty ? 'primary' : 'default'} disabled={!dirty} loading={saving} onClick={() => void save()} data-testid="designer-save">
            {t('designer.save')}
          </Button>
          <Button
            icon={<CloudUploadOutlined />}
            disabled={dirty}
            title={dirty ? t('designer.publishHint') : undefined}
            loading={publishing}
            onClick={() => void publish()}
            data-testid="designer-publish"
          >
            {t('designer.publish')}
          </Button>
        </Space>
      </div>

      {problems.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('designer.problems')}
          data-testid="designer-problems"
          description={
            <ul className="fl-designer-problem-list">
              {problems.map((p) => (
                <li key={p.pointer}>
                  {p.form !== undefined ? (
                    <Typography.Link onClick={() => goTo(p)}>
                      {template.forms[p.form] ? formName(template.forms[p.form]!, i18n.language) : ''}
                      {p.field ? ` · ${p.field}` : ''}
                    </Typography.Link>
                  ) : null}{' '}
                  {p.message} <Typography.Text type="secondary" code>{p.pointer}</Typography.Text>
                </li>
              ))}
            </ul>
          }
        />
      )}

      <div className="fl-panel">
        <Tabs
          activeKey={String(formIndex)}
          onChange={(k) => {
            setFormIndex(Number(k));
            setSelected(undefined);
          }}
          tabBarExtraContent={
            <Button icon={<PlusOutlined />} size="small" onClick={() => setAddingForm(true)} data-testid="designer-add-form">
              {t('designer.addForm')}
            </Button>
          }
          items={template.forms.map((f, i) => {
            const n = problems.filter((p) => p.form === i).length;
            return {
              key: String(i),
              label: (
                <span data-testid={`designer-form-${String(f.key)}`}>
                  {formName(f, i18n.language)} {n > 0 && <Badge count={n} size="small" />}
                </span>
              ),
            };
          })}
        />
        {!form ? (
          <Empty />
        ) : (
          <DndContext sensors={sensors} collisionDetection={closestCenter} onDragStart={onDragStart} onDragEnd={onDragEnd} onDragCancel={() => setDragging(undefined)}>
            <div className="fl-designer-body">
              <Palette onAdd={(type) => add(type)} />
              <div className="fl-designer-middle">
                <Typography.Title level={5}>{t('designer.fields')}</Typography.Title>
                <FieldList fields={fields} selected={selected} problems={perField} onSelect={setSelected} />
              </div>
              <div className="fl-designer-side">
                <Typography.Title level={5}>{t('designer.settings')}</Typography.Title>
                {current ? (
                  <FieldSettings
                    key={`${formIndex}:${current.key}`}
                    field={current}
                    property={property(form, current.key) ?? {}}
                    isNew={isNew(current.key)}
                    otherKeys={keys.filter((k) => k !== current.key)}
                    problems={formProblems.filter((p) => p.field === current.key).map((p) => p.message)}
                    onChange={(patch) => setTemplate(updateField(template, formIndex, current.key, patch))}
                    onRename={(to) => {
                      setTemplate(renameField(template, formIndex, current.key, to));
                      setSelected(to);
                    }}
                    onReplace={(prop) => setTemplate(replaceProperty(template, formIndex, current.key, prop))}
                    onRemove={() => {
                      setTemplate(removeField(template, formIndex, current.key));
                      setSelected(undefined);
                    }}
                  />
                ) : (
                  <Typography.Paragraph type="secondary">{t('designer.selectField')}</Typography.Paragraph>
                )}
                <Typography.Title level={5} style={{ marginTop: 24 }}>
                  {t('designer.preview')}
                </Typography.Title>
                <div className="fl-designer-preview" data-testid="designer-preview">
                  <Preview form={form as unknown as FormDef} ws={ws} />
                </div>
              </div>
            </div>
            <DragOverlay>
              {dragging?.startsWith(PALETTE_ID) ? (
                <Tag color="blue">{t(`designer.types.${dragging.slice(PALETTE_ID.length) as PaletteType}`)}</Tag>
              ) : null}
            </DragOverlay>
          </DndContext>
        )}
      </div>

      <AddFormModal
        open={addingForm}
        taken={template.forms.map((f) => String(f.key))}
        onCancel={() => setAddingForm(false)}
        onAdd={(key, name) => {
          const next = addForm(template, key, name);
          setTemplate(next);
          setFormIndex(next.forms.length - 1);
          setSelected(undefined);
          setAddingForm(false);
        }}
      />
      <PublishResult version={version} onClose={() => setVersion(undefined)} />
    </div>
  );
}
