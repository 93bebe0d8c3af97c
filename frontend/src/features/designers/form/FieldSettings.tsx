import { DeleteOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Form, Input, Popconfirm, Space, Tag, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { FIELD_PANELS, listedProblems } from '../../../fields/panels';
import type { PanelProblem } from '../../../fields/settings/panel';
import { VisibleWhenEditor } from './VisibleWhenEditor';
import { RequiredWhenEditor } from './RequiredWhenEditor';
import type { FieldInfo } from '../query/fields';
import {
  COMPUTED_TYPES,
  FIELD_KEY,
  type FieldPatch,
  type FieldView,
  type Json,
  type JsonObject,
  type Template,
  type Texts,
} from './designer';

interface Props {
  field: FieldView;
  /** The field's JSON Schema, for its type's panel. */
  property: JsonObject;
  /** Whether the key may still change (the field is new). */
  isNew: boolean;
  /** The form's other field keys, to refuse a duplicate key. */
  otherKeys: string[];
  /** The server's problems of the field (JSON pointer and message). */
  problems: PanelProblem[];
  onChange: (patch: FieldPatch) => void;
  onRename: (key: string) => void;
  onReplace: (prop: JsonObject) => void;
  onRemove: () => void;
  /** The schema holding the field (the form's, or a sub-form's rows): formulas, relations and lookups read the fields beside it. */
  formSchema: JsonObject;
  /** Changes the schema holding the field (a relation followed into the lookups beside it). */
  onEditSchema: (fn: (schema: JsonObject) => JsonObject) => void;
  /** The whole draft and the key of the field's form (a relation's forms, a lookup's fields). */
  doc: Template;
  formKey: string;
  ws: string;
  app: string;
  /** The field's show-when condition (ui.fields[key].visibleWhen) and the fields it may test. */
  visibleWhen: Json | undefined;
  conditionFields: FieldInfo[];
  /** For a sub-form column, the condition tests the row's other columns. */
  onVisibleWhen?: (cond: Json | undefined) => void;
  /** Settings of the field's type shown above its conditions (a sub-form's rows). */
  extra?: ReactNode;
  /** The field's "required when" condition, other rules that can require it, and its setter. */
  requiredWhen?: Json | undefined;
  otherRequired?: Json[];
  onRequiredWhen?: (cond: Json | undefined) => void;
  /** The field is a sub-form column: its conditions test its row. */
  inRow?: boolean;
  /** A choice field's option values records may hold (published): they stay when relabelled. */
  fixedOptions?: ReadonlySet<string>;
}

function TextsInput({ value, onChange, zhLabel, enLabel, testId, area }: {
  value: Texts;
  onChange: (v: Texts) => void;
  zhLabel: string;
  enLabel: string;
  testId: string;
  area?: boolean;
}) {
  const Field = area ? Input.TextArea : Input;
  return (
    <>
      <Form.Item label={zhLabel}>
        <Field value={value.zh} onChange={(e) => onChange({ ...value, zh: e.target.value })} data-testid={`${testId}-zh`} />
      </Form.Item>
      <Form.Item label={enLabel}>
        <Field value={value.en} onChange={(e) => onChange({ ...value, en: e.target.value })} data-testid={`${testId}-en`} />
      </Form.Item>
    </>
  );
}

function KeyInput({ value, isNew, otherKeys, onRename }: { value: string; isNew: boolean; otherKeys: string[]; onRename: (k: string) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(value);
  // A key changed elsewhere (undo, another field selected) replaces the text being typed.
  const [shown, setShown] = useState(value);
  if (value !== shown) {
    setShown(value);
    setText(value);
  }
  const problem = !FIELD_KEY.test(text) ? t('keyInvalid', { ns: 'designers' }) : otherKeys.includes(text) ? t('keyTaken', { ns: 'designers' }) : '';
  const commit = () => {
    if (!problem && text !== value) onRename(text);
  };
  return (
    <Form.Item
      label={t('key', { ns: 'designers' })}
      extra={isNew ? t('keyHint', { ns: 'designers' }) : undefined}
      validateStatus={problem ? 'error' : undefined}
      help={problem || undefined}
    >
      <Input
        value={text}
        disabled={!isNew}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onPressEnter={commit}
        data-testid="field-key"
      />
    </Form.Item>
  );
}

/** FieldSettings edits the selected field: key (new fields), labels, required, help, and its type's settings. */
export function FieldSettings({ field, property, isNew, otherKeys, problems, onChange, onRename, onReplace, onRemove, formSchema, onEditSchema, doc, formKey, ws, app, visibleWhen, conditionFields, onVisibleWhen, requiredWhen, otherRequired, onRequiredWhen, extra, inRow, fixedOptions }: Props) {
  const { t } = useTranslation();
  const type = field.type;
  const TypeSettings = FIELD_PANELS[type];
  // Problems the type's panel shows on its own controls are not listed again above.
  const listed = listedProblems(type, problems);
  return (
    <Form layout="vertical" size="small" data-testid="field-settings">
      {listed.length > 0 && (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} message={listed.map((p, i) => <div key={i}>{p.message}</div>)} data-testid="field-problems" />
      )}
      <Space style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">{t('type', { ns: 'designers' })}</Typography.Text>
        <Tag>{type ? t(`types.${type}`, { ns: 'designers', defaultValue: type }) : '?'}</Tag>
      </Space>
      <KeyInput value={field.key} isNew={isNew} otherKeys={otherKeys} onRename={onRename} />
      <TextsInput
        value={field.label}
        onChange={(label) => onChange({ label })}
        zhLabel={t('labelZh', { ns: 'designers' })}
        enLabel={t('labelEn', { ns: 'designers' })}
        testId="field-label"
      />
      {!COMPUTED_TYPES.has(type) && (
        <Form.Item>
          <Checkbox checked={field.required} onChange={(e) => onChange({ required: e.target.checked })} data-testid="field-required">
            {t('required', { ns: 'designers' })}
          </Checkbox>
        </Form.Item>
      )}
      <TextsInput
        value={field.help}
        onChange={(help) => onChange({ help })}
        zhLabel={t('helpZh', { ns: 'designers' })}
        enLabel={t('helpEn', { ns: 'designers' })}
        testId="field-help"
        area
      />
      {!COMPUTED_TYPES.has(type) && (
        <TextsInput
          value={field.placeholder}
          onChange={(placeholder) => onChange({ placeholder })}
          zhLabel={t('placeholderZh', { ns: 'designers' })}
          enLabel={t('placeholderEn', { ns: 'designers' })}
          testId="field-placeholder"
        />
      )}
      {TypeSettings && (
        <TypeSettings
          field={field}
          property={property}
          onChange={onChange}
          onReplace={onReplace}
          formSchema={formSchema}
          onEditSchema={onEditSchema}
          doc={doc}
          formKey={formKey}
          problems={problems}
          fixedOptions={fixedOptions}
          ws={ws}
          app={app}
        />
      )}
      {extra}
      {onVisibleWhen && <VisibleWhenEditor value={visibleWhen} fields={conditionFields} onChange={onVisibleWhen} inRow={inRow} />}
      {!COMPUTED_TYPES.has(type) && onRequiredWhen && (
        <RequiredWhenEditor value={requiredWhen} others={otherRequired ?? []} fields={conditionFields} onChange={onRequiredWhen} inRow={inRow} />
      )}
      <Popconfirm title={t('remove', { ns: 'designers' })} onConfirm={onRemove} okText={t('common.delete')} cancelText={t('common.cancel')}>
        <Button danger icon={<DeleteOutlined />} data-testid="remove-field">
          {t('remove', { ns: 'designers' })}
        </Button>
      </Popconfirm>
    </Form>
  );
}
