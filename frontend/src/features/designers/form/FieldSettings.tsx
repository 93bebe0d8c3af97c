import { DeleteOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Form, Input, Popconfirm, Space, Tag, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { FIELD_PANELS } from '../../../fields/panels';
import { VisibleWhenEditor } from './VisibleWhenEditor';
import { RequiredWhenEditor } from './RequiredWhenEditor';
import type { FieldInfo } from '../query/fields';
import {
  COMPUTED_TYPES,
  FIELD_KEY,
  RAW_TYPES,
  type FieldPatch,
  type FieldView,
  type Json,
  type JsonObject,
  type Texts,
} from './designer';

interface Props {
  field: FieldView;
  /** The field's JSON Schema, for the raw editor of advanced types. */
  property: JsonObject;
  /** Whether the key may still change (the field is new). */
  isNew: boolean;
  /** The form's other field keys, to refuse a duplicate key. */
  otherKeys: string[];
  problems: string[];
  onChange: (patch: FieldPatch) => void;
  onRename: (key: string) => void;
  onReplace: (prop: JsonObject) => void;
  onRemove: () => void;
  /** The form's whole schema, for the formula editor. */
  formSchema: JsonObject;
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

/** sameJson tells whether text is the JSON that compact (JSON.stringify's output) holds. */
function sameJson(text: string, compact: string): boolean {
  try {
    return JSON.stringify(JSON.parse(text)) === compact;
  } catch {
    return false;
  }
}

function RawEditor({ property, onReplace }: { property: JsonObject; onReplace: (p: JsonObject) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(() => JSON.stringify(property, null, 2));
  const [bad, setBad] = useState(false);
  // Follow edits made elsewhere (the label inputs) unless the text is being fixed.
  const current = JSON.stringify(property);
  const [followed, setFollowed] = useState(current);
  if (current !== followed) {
    setFollowed(current);
    if (!bad && !sameJson(text, current)) setText(JSON.stringify(property, null, 2));
  }
  return (
    <Form.Item label={t('raw', { ns: 'designers' })} extra={t('rawHint', { ns: 'designers' })} validateStatus={bad ? 'error' : undefined} help={bad ? t('rawInvalid', { ns: 'designers' }) : undefined}>
      <Input.TextArea
        value={text}
        autoSize={{ minRows: 6, maxRows: 20 }}
        style={{ fontFamily: 'monospace', fontSize: 12 }}
        data-testid="field-raw"
        onChange={(e) => {
          setText(e.target.value);
          try {
            const v: unknown = JSON.parse(e.target.value);
            if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('not an object');
            setBad(false);
            onReplace(v as JsonObject);
          } catch {
            setBad(true);
          }
        }}
      />
    </Form.Item>
  );
}

/** FieldSettings edits the selected field: key (new fields), labels, required, help, and its type's settings. */
export function FieldSettings({ field, property, isNew, otherKeys, problems, onChange, onRename, onReplace, onRemove, formSchema, ws, app, visibleWhen, conditionFields, onVisibleWhen, requiredWhen, otherRequired, onRequiredWhen, extra, inRow }: Props) {
  const { t } = useTranslation();
  const type = field.type;
  const TypeSettings = FIELD_PANELS[type];
  return (
    <Form layout="vertical" size="small" data-testid="field-settings">
      {problems.length > 0 && (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} message={problems.map((p, i) => <div key={i}>{p}</div>)} data-testid="field-problems" />
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
      {TypeSettings && <TypeSettings field={field} property={property} onChange={onChange} onReplace={onReplace} formSchema={formSchema} ws={ws} app={app} />}
      {extra}
      {onVisibleWhen && <VisibleWhenEditor value={visibleWhen} fields={conditionFields} onChange={onVisibleWhen} inRow={inRow} />}
      {!COMPUTED_TYPES.has(type) && onRequiredWhen && (
        <RequiredWhenEditor value={requiredWhen} others={otherRequired ?? []} fields={conditionFields} onChange={onRequiredWhen} inRow={inRow} />
      )}
      {RAW_TYPES.has(type) && <RawEditor key={field.key} property={property} onReplace={onReplace} />}
      <Popconfirm title={t('remove', { ns: 'designers' })} onConfirm={onRemove} okText={t('common.delete')} cancelText={t('common.cancel')}>
        <Button danger icon={<DeleteOutlined />} data-testid="remove-field">
          {t('remove', { ns: 'designers' })}
        </Button>
      </Popconfirm>
    </Form>
  );
}
