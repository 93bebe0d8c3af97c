import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Checkbox, Form, Input, InputNumber, Segmented, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { fieldType } from '../../../fields/registry';
import { formChoices } from '../query/fields';
import type { Json, OptionSetting, Template } from './designer';
import { currentDefault, MAX_LINK_CONDITIONS, matchFields, startLinked, valueFields, type DefaultSetting, type LinkedSetting } from './linked';

interface Props {
  doc: Template;
  formIndex: number;
  fieldKey: string;
  type: string;
  /** The JSON type of the field's value ("string", "number", …). */
  jsonType: string;
  options: OptionSetting[];
  value: DefaultSetting;
  /** Changes the default as the draft holds it when the change is applied (editDefault). */
  onEdit: (change: (current: DefaultSetting) => DefaultSetting) => void;
  /** A sub-form's column: a new row starts with a value typed here, or nothing. */
  inRow?: boolean;
}

function PlainValue({ type, options, value, onChange, language }: { type: string; options: OptionSetting[]; value: Json; onChange: (v: Json) => void; language: string }) {
  const { t } = useTranslation('forms');
  const def = fieldType(type);
  if (def?.yesNo)
    return (
      <Checkbox checked={value === true} onChange={(e) => onChange(e.target.checked)} data-testid="default-value">
        {t('default.checked')}
      </Checkbox>
    );
  if (def?.numeric) return <InputNumber style={{ width: '100%' }} value={typeof value === 'number' ? value : null} onChange={(v) => onChange(typeof v === 'number' ? v : null)} data-testid="default-value" />;
  if (def?.oneOption)
    return (
      <Select
        style={{ width: '100%' }}
        value={typeof value === 'string' && value !== '' ? value : undefined}
        onChange={(v: string) => onChange(v)}
        options={options.map((o) => ({ value: o.value, label: (language.startsWith('en') ? o.label.en || o.label.zh : o.label.zh || o.label.en) || o.value }))}
        data-testid="default-value"
      />
    );
  return (
    <Input
      value={typeof value === 'string' ? value : ''}
      placeholder={def?.date === 'date' ? 'YYYY-MM-DD' : undefined}
      onChange={(e) => onChange(e.target.value)}
      data-testid="default-value"
    />
  );
}

/**
 * DefaultValueEditor sets what a new record's field starts with: nothing, a value typed
 * here, the person filling the form (member) or their department (department), or linked data (数据联动) — the value of a field of the newest record of a form whose
 * fields equal this form's, chosen from lists (linked.ts writes it into the template).
 */
export function DefaultValueEditor({ doc, formIndex, fieldKey, type, jsonType, options, value, onEdit, inRow }: Props) {
  const { t, i18n } = useTranslation('forms');
  const lang = i18n.language;
  const current = currentDefault(type);
  const modes = inRow
    ? (['none', 'value'] as const)
    : fieldType(type)?.plainDefault
    ? (['none', 'value', 'linked'] as const)
    : current
      ? (['none', 'current', 'linked'] as const)
      : (['none', 'linked'] as const);
  // The current user's mode is named after what the field starts as: them or their department.
  const words = (m: DefaultSetting['mode']) => (m === 'current' ? (current ?? 'currentUser') : m);
  const thisForm = String(doc.forms[formIndex]?.key ?? '');
  const onChange = (v: DefaultSetting) => onEdit(() => v);
  // Each list changes its own part of the linked default as it is then, not as last drawn.
  const editLinked = (change: (l: LinkedSetting) => LinkedSetting) =>
    onEdit((cur) => (cur.mode === 'linked' ? { mode: 'linked', linked: change(cur.linked) } : cur));
  const linked = value.mode === 'linked' ? value.linked : undefined;
  const fieldOptions = (list: { key: string; label: string }[]) => list.map((f) => ({ value: f.key, label: f.label }));
  return (
    <Form.Item
      label={t('default.label')}
      extra={inRow ? t(value.mode === 'value' ? 'default.hint.rowValue' : 'default.hint.rowNone') : t(`default.hint.${words(value.mode)}`)}
      data-testid="field-default"
    >
      <Segmented
        aria-label={t('default.label')}
        value={value.mode}
        options={modes.map((m) => ({ value: m, label: <span data-testid={`default-mode-${m}`}>{t(`default.mode.${words(m)}`)}</span> }))}
        onChange={(m) => {
          if (m === 'none') onChange({ mode: 'none' });
          else if (m === 'value') onChange({ mode: 'value', value: fieldType(type)?.yesNo ? true : null });
          else if (m === 'current') onChange({ mode: 'current' });
          else onChange({ mode: 'linked', linked: startLinked(doc, formIndex) });
        }}
      />
      {value.mode === 'value' && (
        <div style={{ marginTop: 8 }}>
          <PlainValue type={type} options={options} value={value.value} onChange={(v) => onChange({ mode: 'value', value: v })} language={lang} />
        </div>
      )}
      {linked && (
        <Space direction="vertical" style={{ width: '100%', marginTop: 8 }} data-testid="default-linked">
          <div>
            <Typography.Text type="secondary">{t('default.source')}</Typography.Text>
            <Select
              style={{ width: '100%' }}
              value={linked.form || undefined}
              options={formChoices(doc, lang)}
              // Another form's fields differ: the conditions and the copied field start again.
              onChange={(form: string) => editLinked(() => ({ form, match: [{ field: '', equals: '' }], value: '' }))}
              data-testid="default-linked-form"
            />
          </div>
          <Typography.Text type="secondary">{t('default.conditions')}</Typography.Text>
          {linked.match.map((m, i) => (
            <Space key={i} style={{ width: '100%' }} align="center" data-testid={`default-linked-match-${i}`}>
              <Select
                style={{ minWidth: 110 }}
                value={m.field || undefined}
                placeholder={t('default.sourceField')}
                options={fieldOptions(matchFields(doc, linked.form, lang))}
                onChange={(field: string) => editLinked((l) => ({ ...l, match: l.match.map((x, j) => (j === i ? { ...x, field } : x)) }))}
                data-testid={`default-linked-field-${i}`}
              />
              <span>=</span>
              <Select
                style={{ minWidth: 110 }}
                value={m.equals || undefined}
                placeholder={t('default.thisField')}
                options={fieldOptions(matchFields(doc, thisForm, lang).filter((f) => f.key !== fieldKey))}
                onChange={(equals: string) => editLinked((l) => ({ ...l, match: l.match.map((x, j) => (j === i ? { ...x, equals } : x)) }))}
                data-testid={`default-linked-equals-${i}`}
              />
              {linked.match.length > 1 && (
                <Button
                  size="small"
                  type="text"
                  icon={<DeleteOutlined />}
                  aria-label={t('default.removeCondition')}
                  onClick={() => editLinked((l) => ({ ...l, match: l.match.filter((_, j) => j !== i) }))}
                />
              )}
            </Space>
          ))}
          {linked.match.length < MAX_LINK_CONDITIONS && (
            <Button size="small" icon={<PlusOutlined />} onClick={() => editLinked((l) => ({ ...l, match: [...l.match, { field: '', equals: '' }] }))} data-testid="default-linked-add">
              {t('default.addCondition')}
            </Button>
          )}
          <div>
            <Typography.Text type="secondary">{t('default.valueField')}</Typography.Text>
            <Select
              style={{ width: '100%' }}
              value={linked.value || undefined}
              options={fieldOptions(valueFields(doc, linked.form, jsonType, lang))}
              onChange={(v: string) => editLinked((l) => ({ ...l, value: v }))}
              data-testid="default-linked-value"
            />
          </div>
        </Space>
      )}
    </Form.Item>
  );
}
