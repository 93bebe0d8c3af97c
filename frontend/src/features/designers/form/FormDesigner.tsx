import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  closestCenter,
  pointerWithin,
  type CollisionDetection,
  useSensor,
  useSensors,
  type DragEndEvent,
  type DragStartEvent,
} from '@dnd-kit/core';
import { sortableKeyboardCoordinates } from '@dnd-kit/sortable';
import { Alert, Badge, Button, Empty, Space, Tabs, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FormDef } from '../../../shared/api/types';
import { ErrorBoundary } from '../../../shared/components/ErrorBoundary';
import { SchemaForm } from '../../forms/SchemaForm';
import { useFormulaSettings } from '../../forms/formula/useFormulaSettings';
import {
  addField,
  addForm,
  editFormSchema,
  fieldKeys,
  type JsonObject,
  fieldView,
  formName,
  namesOf,
  withFormName,
  moveField,
  placeOf,
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
} from './designer';
import { toRjsf } from '../../forms/schemaForm';
import { usePeople } from '../../../shared/hooks/useWorkspaceData';
import type { DesignerPartProps } from '../registry';
import { useDraft } from '../store/DraftContext';
import { usePublished } from '../store/PublishedContext';
import { fixedOptions } from './options';
import { AddFormModal } from './AddFormModal';
import { NameModal } from './NameModal';
import { FieldList, LIST_ID } from './FieldList';
import { FieldSettings } from './FieldSettings';
import { followLabel, keyFromLabel } from './model';
import { formFields } from '../query/fields';
import { visibleWhenOf, withVisibleWhen } from './visibleWhen';
import { otherRequiredRules, renameInRequiredWhen, requiredWhenOf, withRequiredWhen, withoutRequiredWhen } from './requiredWhen';
import { PALETTE_ID, Palette } from './Palette';
import { COL_ID, SUB_ID, SubformCard } from './SubformCard';
import { SubformRows } from './SubformRows';
import {
  addColumn,
  columnDefaultOf,
  columnFields,
  columnKeys,
  columnOtherRequired,
  columnPath,
  columnRequiredWhen,
  columnVisibleWhen,
  columnProperty,
  columnView,
  editRowsSchema,
  isSubform,
  moveColumn,
  removeColumn,
  renameColumn,
  replaceColumn,
  rowsSchema,
  updateColumn,
  withColumnDefault,
  withColumnRequiredWhen,
  withColumnVisibleWhen,
  withRowLimits,
} from './subform';
import './formDesigner.css';
import { widthOf, withWidth } from './layout';
import { WidthSetting } from './WidthSetting';
import { addSection, removeSection, renameInSections, sectionsOf, updateSection } from './sections';
import { SectionsEditor } from './SectionsEditor';
import { DefaultValueEditor } from './DefaultValueEditor';
import { defaultOf, editDefault, hasDefault, renameInLinked } from './linked';
import { fieldType } from '../../../fields/registry';
import { renameInLookups } from '../../../fields/lookup/model';
import { unfinished } from '../../../fields/unfinished';
import { isUnder, pointerOf } from '../store/problems';

/** Preview renders the form being designed as people will fill it in. */
function Preview({ form, ws, app }: { form: FormDef; ws: string; app: string }) {
  const { t, i18n } = useTranslation();
  const people = usePeople(ws);
  const [data, setData] = useState<Record<string, unknown>>({});
  const formulaSettings = useFormulaSettings(ws);
  const text = JSON.stringify(form);
  const rjsf = useMemo(
    // Relations pick among the published app's records, as members will.
    () => toRjsf(form, { language: i18n.language, members: people.members, departments: people.departments, records: { ws, app }, files: { ws, app, form: form.key, preview: true } }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [text, i18n.language, people.members, people.departments, ws, app],
  );
  return (
    <ErrorBoundary key={text} fallback={<Alert type="warning" showIcon message={t('previewError', { ns: 'designers' })} />}>
      <SchemaForm form={rjsf} data={data} onChange={setData} onSubmit={() => undefined} formulaSettings={formulaSettings} />
    </ErrorBoundary>
  );
}

/**
 * FormDesigner is the no-code form designer of an app: field types on the left (click or
 * drag), the form's fields in the middle (drag to reorder), the selected field's settings
 * and a live preview on the right; one tab per form. It edits the shared draft (DraftProvider)
 * with the model's pure functions; the shell saves and publishes, and the server's problems
 * come back here on the fields they point to.
 */
export default function FormDesigner({ ws, app }: DesignerPartProps) {
  const { t, i18n } = useTranslation();
  const draft = useDraft();
  const template = draft.doc;
  const [formIndex, setFormIndex] = useState(0);
  const [selected, setSelected] = useState<string>();
  const [addingForm, setAddingForm] = useState(false);
  const [renamingForm, setRenamingForm] = useState(false);
  const [dragging, setDragging] = useState<string>();

  // Field keys the server already holds (as last loaded or saved) are fixed.
  const savedDoc = draft.state.savedDoc;
  const fixedKeys = useMemo(() => new Map(savedDoc.forms.map((f) => [String(f.key), new Set(fieldKeys(f))])), [savedDoc]);
  // Option values records may hold are the published ones; a new option's value follows its label.
  const published = usePublished().doc;

  // A problem chosen in the shell's list selects its form and field here.
  // It is done in the render that sees a new selection, not in an effect after it.
  const selection = draft.state.selection;
  const [seen, setSeen] = useState<string>();
  if (selection !== seen) {
    setSeen(selection);
    const place = selection?.startsWith('/forms/') ? placeOf(draft.doc, selection) : {};
    if (place.form !== undefined) {
      setFormIndex(place.form);
      setSelected(place.field);
    }
  }

  const problems: Problem[] = useMemo(
    () => placeProblems(template, Object.fromEntries(draft.state.problems.map((p) => [p.pointer, { message: p.message }]))),
    [template, draft.state.problems],
  );

  const sensors = useSensors(
    // A short move starts a drag, so that a click on a palette item still adds a field.
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  const form = template.forms[formIndex];
  const keys = form ? fieldKeys(form) : [];
  const fields = form ? keys.map((k) => fieldView(form, k)).filter((f): f is FieldView => f !== undefined) : [];
  // The selection is a field key, or a sub-form column's path ("items.qty").
  const col = selected ? columnPath(selected) : undefined;
  const current = form && selected ? (col ? columnView(form, selected) : fieldView(form, selected)) : undefined;
  const formProblems = problems.filter((p) => p.form === formIndex);
  const perField = new Map<string, number>();
  for (const p of formProblems) if (p.field) perField.set(p.field, (perField.get(p.field) ?? 0) + 1);
  // Settings the server would refuse as they stand (a lookup with nothing to follow) are marked before a save.
  if (form) {
    for (const k of unfinished(template, (form.schema ?? {}) as JsonObject)) if (!perField.has(k)) perField.set(k, 1);
    for (const f of fields) {
      if (!fieldType(f.type)?.rows || !isSubform(form, f.key)) continue;
      for (const c of unfinished(template, rowsSchema(form, f.key))) if (!perField.has(`${f.key}.${c}`)) perField.set(`${f.key}.${c}`, 1);
    }
  }
  const isNew = (key: string) => !fixedKeys.get(String(form?.key))?.has(key);
  const savedForm = savedDoc.forms.find((f) => f.key === form?.key);
  const isNewColumn = (sub: string, c: string) => !columnKeys(savedForm, sub).includes(c);
  const columnsOf = (sub: string) => (form ? columnKeys(form, sub).map((c) => columnView(form, `${sub}.${c}`)).filter((f): f is FieldView => f !== undefined) : []);

  // A new field's key follows it into whatever names it: conditions, sections, linked defaults, lookups.
  const renameEverywhere = (d: Template, from: string, to: string) =>
    renameInLookups(renameInLinked(renameInSections(renameInRequiredWhen(renameField(d, formIndex, from, to), formIndex, from, to), formIndex, from, to), formIndex, from, to), formIndex, from, to);

  const addCol = (sub: string, type: PaletteType, at?: number) => {
    if (!form) return;
    const label = { zh: t(`types.${type}`, { ns: 'designers', lng: 'zh-CN' }), en: '' };
    const key = keyFromLabel(label.zh, columnKeys(form, sub));
    draft.edit((d) => addColumn(d, formIndex, sub, type, key, label, at));
    setSelected(`${sub}.${key}`);
  };

  // A palette item goes into the sub-form card or column under the pointer, else among the
  // fields; a column moves among its sub-form's columns; a field among the fields.
  const collision: CollisionDetection = (args) => {
    const id = String(args.active.id);
    const nested = (c: { id: string | number }) => String(c.id).startsWith(COL_ID) || String(c.id).startsWith(SUB_ID);
    if (id.startsWith(COL_ID)) {
      const sub = columnPath(id.slice(COL_ID.length))?.sub ?? '';
      return closestCenter({ ...args, droppableContainers: args.droppableContainers.filter((c) => String(c.id).startsWith(`${COL_ID}${sub}.`)) });
    }
    if (id.startsWith(PALETTE_ID)) {
      const within = pointerWithin(args);
      const cols = within.filter((c) => String(c.id).startsWith(COL_ID));
      if (cols.length > 0) return cols;
      const subs = within.filter((c) => String(c.id).startsWith(SUB_ID));
      if (subs.length > 0) return subs;
    }
    return closestCenter({ ...args, droppableContainers: args.droppableContainers.filter((c) => !nested(c)) });
  };

  const add = (type: PaletteType, at?: number) => {
    if (!form) return;
    const label = { zh: t(`types.${type}`, { ns: 'designers', lng: 'zh-CN' }), en: '' };
    const key = keyFromLabel(label.zh, fieldKeys(form));
    draft.edit((d) => addField(d, formIndex, type, key, label, at));
    setSelected(key);
  };

  const onDragStart = (e: DragStartEvent) => setDragging(String(e.active.id));
  const onDragEnd = (e: DragEndEvent) => {
    setDragging(undefined);
    const active = String(e.active.id);
    const over = e.over ? String(e.over.id) : undefined;
    if (!over) return;
    if (active.startsWith(PALETTE_ID) && (over.startsWith(SUB_ID) || over.startsWith(COL_ID))) {
      const type = active.slice(PALETTE_ID.length) as PaletteType;
      if (over.startsWith(SUB_ID)) addCol(over.slice(SUB_ID.length), type);
      else {
        const p = columnPath(over.slice(COL_ID.length));
        if (p && form) addCol(p.sub, type, columnKeys(form, p.sub).indexOf(p.col));
      }
      return;
    }
    if (active.startsWith(COL_ID)) {
      const a = columnPath(active.slice(COL_ID.length));
      const o = over.startsWith(COL_ID) ? columnPath(over.slice(COL_ID.length)) : undefined;
      if (!a || !o || a.sub !== o.sub || !form) return;
      const cols = columnKeys(form, a.sub);
      const from = cols.indexOf(a.col);
      const to = cols.indexOf(o.col);
      if (from >= 0 && to >= 0 && from !== to) draft.edit((d) => moveColumn(d, formIndex, a.sub, from, to));
      return;
    }
    if (active.startsWith(PALETTE_ID)) {
      const at = over === LIST_ID ? undefined : keys.indexOf(over);
      add(active.slice(PALETTE_ID.length) as PaletteType, at === -1 ? undefined : at);
      return;
    }
    const from = keys.indexOf(active);
    const to = keys.indexOf(over);
    if (from >= 0 && to >= 0 && from !== to) draft.edit((d) => moveField(d, formIndex, from, to));
  };

  return (
    <>
      <div className="fl-panel">
        <Tabs
          activeKey={String(formIndex)}
          onChange={(k) => {
            setFormIndex(Number(k));
            setSelected(undefined);
          }}
          tabBarExtraContent={
            <Space size={8}>
              {form && (
                <Button icon={<EditOutlined />} size="small" onClick={() => setRenamingForm(true)} data-testid="designer-rename-form">
                  {t('rename', { ns: 'designers' })}
                </Button>
              )}
              <Button icon={<PlusOutlined />} size="small" onClick={() => setAddingForm(true)} data-testid="designer-add-form">
                {t('addForm', { ns: 'designers' })}
              </Button>
            </Space>
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
          <DndContext sensors={sensors} collisionDetection={collision} onDragStart={onDragStart} onDragEnd={onDragEnd} onDragCancel={() => setDragging(undefined)}>
            <div className="fl-designer-body">
              <Palette onAdd={(type) => add(type)} />
              <div className="fl-designer-middle">
                <Typography.Title level={5}>{t('fields', { ns: 'designers' })}</Typography.Title>
                <FieldList
                  fields={fields}
                  selected={selected}
                  problems={perField}
                  onSelect={setSelected}
                  widthOf={(key) => widthOf(form, key)}
                  sectionOf={(key) => {
                    const sec = sectionsOf(form).find((x) => x.fields.includes(key));
                    return sec && ((i18n.language.toLowerCase().startsWith('zh') ? sec.title.zh || sec.title.en : sec.title.en || sec.title.zh) || '—');
                  }}
                  renderBelow={(f) =>
                    fieldType(f.type)?.rows && isSubform(form, f.key) ? (
                      <SubformCard sub={f.key} columns={columnsOf(f.key)} selected={selected} problems={perField} onSelect={setSelected} onAdd={(type) => addCol(f.key, type)} />
                    ) : null
                  }
                />
                <SectionsEditor
                  sections={sectionsOf(form)}
                  fields={fields}
                  selected={col ? col.sub : selected}
                  onAdd={(keys) => draft.edit((d) => addSection(d, formIndex, { zh: t('section.defaultTitle', { ns: 'forms', lng: 'zh-CN' }), en: t('section.defaultTitle', { ns: 'forms', lng: 'en' }) }, keys))}
                  onChange={(i, patch) => draft.edit((d) => updateSection(d, formIndex, i, patch))}
                  onRemove={(i) => draft.edit((d) => removeSection(d, formIndex, i))}
                />
              </div>
              <div className="fl-designer-side">
                <Typography.Title level={5}>{t('settings', { ns: 'designers' })}</Typography.Title>
                {current && col ? (
                  <FieldSettings
                    key={`${formIndex}:${selected}`}
                    field={current}
                    property={columnProperty(form, selected!) ?? {}}
                    isNew={isNewColumn(col.sub, col.col)}
                    fixedOptions={fixedOptions(published, savedDoc, String(form.key), selected!)}
                    otherKeys={columnKeys(form, col.sub).filter((k) => k !== col.col)}
                    problems={formProblems.filter((p) => isUnder(p.pointer, pointerOf('forms', formIndex, 'schema', 'properties', col.sub, 'items', 'properties', col.col)))}
                    onChange={(patch) => {
                      const cols = columnKeys(form, col.sub);
                      const to = patch.label && isNewColumn(col.sub, col.col) ? followLabel(col.col, current.label.zh, patch.label.zh, cols) : col.col;
                      draft.edit((d) => {
                        const next = updateColumn(d, formIndex, selected!, patch);
                        return to === col.col ? next : renameColumn(next, formIndex, selected!, to);
                      });
                      if (to !== col.col) setSelected(`${col.sub}.${to}`);
                    }}
                    formSchema={rowsSchema(form, col.sub)}
                    onEditSchema={(fn) => draft.edit((d) => editRowsSchema(d, formIndex, col.sub, fn))}
                    doc={template}
                    formKey={String(form.key)}
                    visibleWhen={columnVisibleWhen(form, selected!)}
                    conditionFields={columnFields(form, col.sub, i18n.language, col.col)}
                    onVisibleWhen={(cond) => draft.edit((d) => withColumnVisibleWhen(d, formIndex, selected!, cond))}
                    extra={
                      fieldType(current.type)?.plainDefault ? (
                        // What a new row's column starts with (an action item's 完成状态: 未完成).
                        <DefaultValueEditor
                          doc={template}
                          formIndex={formIndex}
                          fieldKey={selected!}
                          type={current.type}
                          jsonType={typeof columnProperty(form, selected!)?.type === 'string' ? String(columnProperty(form, selected!)?.type) : ''}
                          options={current.options}
                          value={columnDefaultOf(form, selected!)}
                          inRow
                          onEdit={(change) =>
                            draft.edit((d) => {
                              const next = change(columnDefaultOf(d.forms[formIndex], selected!));
                              return withColumnDefault(d, formIndex, selected!, next.mode === 'value' ? next : { mode: 'none' });
                            })
                          }
                        />
                      ) : undefined
                    }
                    requiredWhen={columnRequiredWhen(form, selected!)}
                    otherRequired={columnOtherRequired(form, selected!)}
                    onRequiredWhen={(cond) => draft.edit((d) => withColumnRequiredWhen(d, formIndex, selected!, cond))}
                    inRow
                    ws={ws}
                    app={app}
                    onRename={(to) => {
                      draft.edit((d) => renameColumn(d, formIndex, selected!, to));
                      setSelected(`${col.sub}.${to}`);
                    }}
                    onReplace={(prop) => draft.edit((d) => replaceColumn(d, formIndex, selected!, prop))}
                    onRemove={() => {
                      draft.edit((d) => removeColumn(d, formIndex, selected!));
                      setSelected(col.sub);
                    }}
                  />
                ) : current ? (
                  <FieldSettings
                    key={`${formIndex}:${current.key}`}
                    field={current}
                    property={property(form, current.key) ?? {}}
                    isNew={isNew(current.key)}
                    fixedOptions={fixedOptions(published, savedDoc, String(form.key), current.key)}
                    otherKeys={keys.filter((k) => k !== current.key)}
                    problems={formProblems.filter((p) => p.field === current.key)}
                    onChange={(patch) => {
                      // A new field's key follows its Chinese label until typed by hand; fixed once published.
                      const to = patch.label && isNew(current.key) ? followLabel(current.key, current.label.zh, patch.label.zh, keys) : current.key;
                      draft.edit((d) => {
                        const next = updateField(d, formIndex, current.key, patch);
                        return to === current.key ? next : renameEverywhere(next, current.key, to);
                      });
                      if (to !== current.key) setSelected(to);
                    }}
                    formSchema={(form.schema ?? {}) as JsonObject}
                    onEditSchema={(fn) => draft.edit((d) => editFormSchema(d, formIndex, fn))}
                    doc={template}
                    formKey={String(form.key)}
                    visibleWhen={visibleWhenOf(form, current.key)}
                    conditionFields={formFields(template, String(form.key), i18n.language).filter((f) => f.key !== current.key)}
                    onVisibleWhen={(cond) => draft.edit((d) => withVisibleWhen(d, formIndex, current.key, cond))}
                    extra={
                      <>
                        <WidthSetting value={widthOf(form, current.key)} onChange={(w) => draft.edit((d) => withWidth(d, formIndex, current.key, w))} />
                        {hasDefault(current.type) && (
                          <DefaultValueEditor
                            doc={template}
                            formIndex={formIndex}
                            fieldKey={current.key}
                            type={current.type}
                            jsonType={typeof property(form, current.key)?.type === 'string' ? String(property(form, current.key)?.type) : ''}
                            options={current.options}
                            value={defaultOf(form, current.key)}
                            onEdit={(change) => draft.edit((d) => editDefault(d, formIndex, current.key, change))}
                          />
                        )}
                        {fieldType(current.type)?.rows && (
                          <SubformRows
                            property={property(form, current.key) ?? {}}
                            onChange={(min, max) => draft.edit((d) => withRowLimits(d, formIndex, current.key, min, max))}
                          />
                        )}
                      </>
                    }
                    requiredWhen={requiredWhenOf(form, current.key)}
                    otherRequired={otherRequiredRules(form, current.key)}
                    onRequiredWhen={(cond) => draft.edit((d) => withRequiredWhen(d, formIndex, current.key, cond))}
                    ws={ws}
                    app={app}
                    onRename={(to) => {
                      draft.edit((d) => renameEverywhere(d, current.key, to));
                      setSelected(to);
                    }}
                    onReplace={(prop) => draft.edit((d) => replaceProperty(d, formIndex, current.key, prop))}
                    onRemove={() => {
                      draft.edit((d) => renameInSections(withoutRequiredWhen(removeField(d, formIndex, current.key), formIndex, current.key), formIndex, current.key, undefined));
                      setSelected(undefined);
                    }}
                  />
                ) : (
                  <Typography.Paragraph type="secondary">{t('selectField', { ns: 'designers' })}</Typography.Paragraph>
                )}
                <Typography.Title level={5} style={{ marginTop: 24 }}>
                  {t('preview', { ns: 'designers' })}
                </Typography.Title>
                <div className="fl-designer-preview" data-testid="designer-preview">
                  <Preview form={form as unknown as FormDef} ws={ws} app={app} />
                </div>
              </div>
            </div>
            <DragOverlay>
              {dragging?.startsWith(PALETTE_ID) ? (
                <Tag color="blue">{t(`types.${dragging.slice(PALETTE_ID.length) as PaletteType}`, { ns: 'designers' })}</Tag>
              ) : null}
            </DragOverlay>
          </DndContext>
        )}
      </div>

      <NameModal
        open={renamingForm}
        title={t('renameForm', { ns: 'designers' })}
        value={namesOf(form?.name)}
        onCancel={() => setRenamingForm(false)}
        onSave={(name) => {
          draft.edit((d) => withFormName(d, formIndex, name));
          setRenamingForm(false);
        }}
      />
      <AddFormModal
        open={addingForm}
        taken={template.forms.map((f) => String(f.key))}
        onCancel={() => setAddingForm(false)}
        onAdd={(key, name) => {
          draft.edit((d) => addForm(d, key, name));
          setFormIndex(template.forms.length);
          setSelected(undefined);
          setAddingForm(false);
        }}
      />
    </>
  );
}
