import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Form, Input, InputNumber, Popconfirm, Space, Tag, Typography } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { FormulaEditor } from './FormulaEditor';
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
  type OptionSetting,
  type Texts,
} from '../../../lib/designer';

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
  /** Absent for sub-form columns: their conditions are not designed here. */
  onVisibleWhen?: (cond: Json | undefined) => void;
  /** Settings of the field's type shown above its conditions (a sub-form's rows). */
  extra?: ReactNode;
  /** The field's "required when" condition, other rules that can require it, and its setter. */
  requiredWhen?: Json | undefined;
  otherRequired?: Json[];
  onRequiredWhen?: (cond: Json | undefined) => void;
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
  useEffect(() => setText(value), [value]);
  const problem = !FIELD_KEY.test(text) ? t('designer.keyInvalid') : otherKeys.includes(text) ? t('designer.keyTaken') : '';
  const commit = () => {
    if (!problem && text !== value) onRename(text);
  };
  return (
    <Form.Item
      label={t('designer.key')}
      extra={isNew ? t('designer.keyHint') : undefined}
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

function OptionsEditor({ options, onChange }: { options: OptionSetting[]; onChange: (o: OptionSetting[]) => void }) {
  const { t } = useTranslation();
  const set = (i: number, o: OptionSetting) => onChange(options.map((x, j) => (j === i ? o : x)));
  const move = (i: number, d: number) => {
    const next = [...options];
    const [o] = next.splice(i, 1);
    next.splice(i + d, 0, o!);
    onChange(next);
  };
  const add = () => {
    let n = options.length + 1;
    while (options.some((o) => o.value === `option${n}`)) n++;
    onChange([...options, { value: `option${n}`, label: { zh: `选项${n}`, en: `Option ${n}` } }]);
  };
  return (
    <Form.Item label={t('designer.options')}>
      <div className="fl-designer-options" data-testid="field-options">
        {options.map((o, i) => (
          <Space.Compact key={i} block style={{ marginBottom: 6 }}>
            <Input
              placeholder={t('designer.optionValue')}
              value={o.value}
              onChange={(e) => set(i, { ...o, value: e.target.value })}
              style={{ width: '30%' }}
              data-testid={`option-value-${i}`}
            />
            <Input
              placeholder={t('designer.optionZh')}
              value={o.label.zh}
              onChange={(e) => set(i, { ...o, label: { ...o.label, zh: e.target.value } })}
              data-testid={`option-zh-${i}`}
            />
            <Input
              placeholder={t('designer.optionEn')}
              value={o.label.en}
              onChange={(e) => set(i, { ...o, label: { ...o.label, en: e.target.value } })}
              data-testid={`option-en-${i}`}
            />
            <Button icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, -1)} aria-label={t('designer.moveUp')} />
            <Button icon={<ArrowDownOutlined />} disabled={i === options.length - 1} onClick={() => move(i, 1)} aria-label={t('designer.moveDown')} />
            <Button icon={<DeleteOutlined />} onClick={() => onChange(options.filter((_, j) => j !== i))} aria-label={t('common.delete')} />
          </Space.Compact>
        ))}
        <Button icon={<PlusOutlined />} onClick={add} size="small" data-testid="add-option">
          {t('designer.addOption')}
        </Button>
      </div>
    </Form.Item>
  );
}

function RawEditor({ property, onReplace }: { property: JsonObject; onReplace: (p: JsonObject) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(() => JSON.stringify(property, null, 2));
  const [bad, setBad] = useState(false);
  // Follow edits made elsewhere (the label inputs) unless the text is being fixed.
  const current = JSON.stringify(property);
  useEffect(() => {
    if (bad) return;
    let same = false;
    try {
      same = JSON.stringify(JSON.parse(text)) === current;
    } catch {
      same = false;
    }
    if (!same) setText(JSON.stringify(property, null, 2));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [current]);
  return (
    <Form.Item label={t('designer.raw')} extra={t('designer.rawHint')} validateStatus={bad ? 'error' : undefined} help={bad ? t('designer.rawInvalid') : undefined}>
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

const num = (v: number | string | null): number | undefined => (typeof v === 'number' ? v : undefined);

/** FieldSettings edits the selected field: key (new fields), labels, required, help, and its type's settings. */
export function FieldSettings({ field, property, isNew, otherKeys, problems, onChange, onRename, onReplace, onRemove, formSchema, ws, app, visibleWhen, conditionFields, onVisibleWhen, requiredWhen, otherRequired, onRequiredWhen, extra }: Props) {
  const { t } = useTranslation();
  const type = field.type;
  const numeric = type === 'number' || type === 'money' || (type === 'formula' && property.type === 'number');
  const meta = (property['x-formloom'] ?? {}) as JsonObject;
  return (
    <Form layout="vertical" size="small" data-testid="field-settings">
      {problems.length > 0 && (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} message={problems.map((p, i) => <div key={i}>{p}</div>)} data-testid="field-problems" />
      )}
      <Space style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">{t('designer.type')}</Typography.Text>
        <Tag>{type ? t(`designer.types.${type}`, { defaultValue: type }) : '?'}</Tag>
      </Space>
      <KeyInput value={field.key} isNew={isNew} otherKeys={otherKeys} onRename={onRename} />
      <TextsInput
        value={field.label}
        onChange={(label) => onChange({ label })}
        zhLabel={t('designer.labelZh')}
        enLabel={t('designer.labelEn')}
        testId="field-label"
      />
      {!COMPUTED_TYPES.has(type) && (
        <Form.Item>
          <Checkbox checked={field.required} onChange={(e) => onChange({ required: e.target.checked })} data-testid="field-required">
            {t('designer.required')}
          </Checkbox>
        </Form.Item>
      )}
      <TextsInput
        value={field.help}
        onChange={(help) => onChange({ help })}
        zhLabel={t('designer.helpZh')}
        enLabel={t('designer.helpEn')}
        testId="field-help"
        area
      />
      {!COMPUTED_TYPES.has(type) && (
        <TextsInput
          value={field.placeholder}
          onChange={(placeholder) => onChange({ placeholder })}
          zhLabel={t('designer.placeholderZh')}
          enLabel={t('designer.placeholderEn')}
          testId="field-placeholder"
        />
      )}
      {(type === 'select' || type === 'multiselect') && <OptionsEditor options={field.options} onChange={(options) => onChange({ options })} />}
      {(type === 'number' || type === 'money') && (
        <Space wrap>
          <Form.Item label={t('designer.minimum')}>
            <InputNumber value={field.minimum} onChange={(v) => onChange({ minimum: num(v) })} data-testid="field-minimum" />
          </Form.Item>
          <Form.Item label={t('designer.maximum')}>
            <InputNumber value={field.maximum} onChange={(v) => onChange({ maximum: num(v) })} data-testid="field-maximum" />
          </Form.Item>
        </Space>
      )}
      {numeric && (
        <Form.Item label={t('designer.precision')}>
          <InputNumber min={0} max={10} precision={0} value={field.precision} onChange={(v) => onChange({ precision: num(v) })} data-testid="field-precision" />
        </Form.Item>
      )}
      {(type === 'text' || type === 'textarea') && (
        <Form.Item label={t('designer.maxLength')}>
          <InputNumber min={1} precision={0} value={field.maxLength} onChange={(v) => onChange({ maxLength: num(v) })} data-testid="field-maxlength" />
        </Form.Item>
      )}
      {type === 'formula' && (
        <FormulaEditor
          fieldKey={field.key}
          expr={typeof meta.expr === 'string' ? meta.expr : ''}
          formSchema={formSchema}
          ws={ws}
          app={app}
          onChange={(expr) => onReplace({ ...property, 'x-formloom': { ...meta, expr } })}
        />
      )}
      {extra}
      {onVisibleWhen && <VisibleWhenEditor value={visibleWhen} fields={conditionFields} onChange={onVisibleWhen} />}
      {!COMPUTED_TYPES.has(type) && onRequiredWhen && (
        <RequiredWhenEditor value={requiredWhen} others={otherRequired ?? []} fields={conditionFields} onChange={onRequiredWhen} />
      )}
      {RAW_TYPES.has(type) && type !== 'formula' && type !== 'subform' && <RawEditor key={field.key} property={property} onReplace={onReplace} />}
      <Popconfirm title={t('designer.remove')} onConfirm={onRemove} okText={t('common.delete')} cancelText={t('common.cancel')}>
        <Button danger icon={<DeleteOutlined />} data-testid="remove-field">
          {t('designer.remove')}
        </Button>
      </Popconfirm>
    </Form>
  );
}
