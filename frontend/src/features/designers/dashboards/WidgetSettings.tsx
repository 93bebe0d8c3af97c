import { Form, Input, Radio, Select } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { JsonObject, Template } from '../form/designer';
import { ConditionBuilder } from '../query/ConditionBuilder';
import { fromFilter, toFilter } from '../query/conditions';
import { formChoices, formFields } from '../query/fields';
import { BUCKETS, CHARTS, MEASURES, type WidgetSettings as Settings } from './model';

const DATE_META = ['_created', '_updated'];

/** WidgetSettingsPanel edits one widget: name, form, chart, measure, grouping and filter. */
export function WidgetSettingsPanel({ doc, value, onChange, problems }: { doc: Template; value: Settings; onChange: (s: Settings) => void; problems: { pointer: string; message: string }[] }) {
  const { t, i18n } = useTranslation('designerDashboards');
  const fields = useMemo(() => formFields(doc, value.form, i18n.language), [doc, value.form, i18n.language]);
  const kindOf = (f: string) => fields.find((x) => x.key === f)?.kind ?? 'string';
  const group = useMemo(() => fromFilter(value.filter), [value.filter]);
  const numbers = fields.filter((f) => f.kind === 'number');
  const groupable = [
    ...fields.filter((f) => f.kind !== 'list').map((f) => ({ value: f.key, label: f.label, date: f.kind === 'date' })),
    { value: '_stage', label: t('meta._stage'), date: false },
    ...DATE_META.map((m) => ({ value: m, label: t(`meta.${m as '_created'}`), date: true })),
  ];
  const isDate = groupable.find((g) => g.value === value.groupField)?.date ?? false;
  const set = (patch: Partial<Settings>) => onChange({ ...value, ...patch });
  const problemOf = (part: string) => problems.find((p) => p.pointer.includes(part))?.message;

  return (
    <Form layout="vertical" data-testid="widget-settings">
      <Form.Item label={t('name')}>
        <Input key={value.name} defaultValue={value.name} onBlur={(e) => set({ name: e.target.value })} data-testid="widget-name" />
      </Form.Item>
      <Form.Item label={t('form')} validateStatus={problemOf('/form') ? 'error' : undefined} help={problemOf('/form')}>
        <Select value={value.form} onChange={(form: string) => set({ form, field: undefined, groupField: undefined, filter: undefined })} options={formChoices(doc, i18n.language)} />
      </Form.Item>
      <Form.Item label={t('chart')}>
        <Radio.Group optionType="button" size="small" value={value.chart} onChange={(e) => set({ chart: e.target.value as Settings['chart'] })} options={CHARTS.map((c) => ({ value: c, label: t(`charts.${c}`) }))} data-testid="widget-chart" />
      </Form.Item>
      <Form.Item label={t('measure')} validateStatus={problemOf('/metrics') ? 'error' : undefined} help={problemOf('/metrics')}>
        <Select value={value.measure} onChange={(m: Settings['measure']) => set({ measure: m, field: m === 'count' ? undefined : (value.field ?? numbers[0]?.key) })} options={MEASURES.map((m) => ({ value: m, label: t(`measures.${m}`) }))} data-testid="widget-measure" />
      </Form.Item>
      {value.measure !== 'count' && (
        <Form.Item label={t('measureField')}>
          <Select value={value.field} onChange={(f: string) => set({ field: f })} options={numbers.map((f) => ({ value: f.key, label: f.label }))} data-testid="widget-measure-field" />
        </Form.Item>
      )}
      {value.chart !== 'number' && (
        <Form.Item label={t('groupBy')} validateStatus={problemOf('/groupBy') ? 'error' : undefined} help={problemOf('/groupBy')}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            value={value.groupField}
            onChange={(g?: string) => {
              const date = groupable.find((x) => x.value === g)?.date ?? false;
              set({ groupField: g, bucket: date ? (value.bucket ?? 'month') : undefined });
            }}
            options={groupable.map(({ value: v, label }) => ({ value: v, label }))}
            data-testid="widget-group"
          />
        </Form.Item>
      )}
      {value.chart !== 'number' && isDate && (
        <Form.Item label={t('bucket')}>
          <Radio.Group optionType="button" size="small" value={value.bucket ?? 'month'} onChange={(e) => set({ bucket: e.target.value as Settings['bucket'] })} options={BUCKETS.map((b) => ({ value: b, label: t(`buckets.${b}`) }))} data-testid="widget-bucket" />
        </Form.Item>
      )}
      <Form.Item label={t('filter')} validateStatus={problemOf('/filter') ? 'error' : undefined} help={problemOf('/filter')}>
        <ConditionBuilder fields={fields} params value={group} onChange={(g) => set({ filter: toFilter(g, kindOf) as JsonObject | undefined })} testId="widget-filter" />
      </Form.Item>
    </Form>
  );
}
