import { FilterOutlined } from '@ant-design/icons';
import { Button, DatePicker, Drawer, Input, InputNumber, Segmented, Select, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FormDef, JsonSchema } from '../../shared/api/types';
import type { People } from '../../shared/hooks/useWorkspaceData';
import { fieldLabels } from '../forms/schemaForm';
import type { ColumnFilter } from './query';
import { activeCount, applied, boolChoice, boolFilter, sheetFields, toggleChoice, type BoolChoice, type Filters, type SheetField } from './phoneFilter';
import { choiceOptions, dateBound } from './query';
import '../../shared/i18n/pickerLocale';

/** Up to this many options a choice shows as tags to tap; more would fill the sheet, so a select lists them. */
const MAX_TAGS = 12;

/** Pickers opened from the sheet open as sheets too, on top of it (enduser.css, `.fl-sheet`). */
const SHEET = { popup: { root: 'fl-sheet' } };
const toBody = () => document.body;

/*
 * The sheet's controls are antd's large size: 40 px high for a thumb, and 16 px text, below
 * which iOS zooms the page into a field when it gets the focus.
 */

/** FilterButton opens the phone's filter sheet; it says how many filters are on (筛选 · 2). */
export function FilterButton({ filters, onClick }: { filters: Filters; onClick: () => void }) {
  const { t } = useTranslation('enduser');
  const count = activeCount(filters);
  return (
    <Button icon={<FilterOutlined />} type={count > 0 ? 'primary' : 'default'} ghost={count > 0} onClick={onClick} data-testid="filter-open">
      {count > 0 ? t('sheet.openCount', { count }) : t('sheet.open')}
    </Button>
  );
}

export interface FilterSheetProps {
  form: FormDef;
  people: People;
  open: boolean;
  /** The list's filters: the sheet starts from them each time it opens. */
  filters: Filters;
  onApply: (filters: Filters) => void;
  onClose: () => void;
}

/**
 * FilterSheet is the phone's way to filter a records list, where the table's column headers
 * are not: a sheet from the bottom with a control per field that can be filtered on. What is
 * picked applies on 确定; closing it otherwise leaves the list as it was. 重置 clears them all.
 */
export function FilterSheet({ form, people, open, filters, onApply, onClose }: FilterSheetProps) {
  const { t, i18n } = useTranslation('enduser');
  const [draft, setDraft] = useState<Filters>(filters);
  // Each opening starts again from the list's filters (what was picked and not applied is dropped).
  const [wasOpen, setWasOpen] = useState(open);
  if (open !== wasOpen) {
    setWasOpen(open);
    if (open) setDraft(filters);
  }
  const labels = fieldLabels(form, i18n.language);
  const props = form.schema.properties ?? {};
  const set = (key: string, f: ColumnFilter | undefined) => setDraft((cur) => ({ ...cur, [key]: f }));

  return (
    <Drawer
      open={open}
      placement="bottom"
      height="auto"
      title={t('sheet.title')}
      onClose={onClose}
      rootClassName="fl-filter-sheet"
      // As tall as its fields, up to most of the screen; then the fields scroll between the
      // title and the buttons, which stay in view.
      styles={{ wrapper: { maxHeight: '85vh' }, content: { maxHeight: '85vh' }, body: { padding: '4px 16px 8px', overflowY: 'auto', minHeight: 0 } }}
      footer={
        <div className="fl-filter-sheet-foot">
          <Button onClick={() => onApply({})} data-testid="filter-reset">
            {t('sheet.reset')}
          </Button>
          <Button type="primary" onClick={() => onApply(applied(draft))} data-testid="filter-apply">
            {t('sheet.apply')}
          </Button>
        </div>
      }
    >
      {sheetFields(form).map((field) => (
        <section key={field.key} className="fl-filter-field" data-testid={`sheet-filter-${field.key}`}>
          <Typography.Text strong className="fl-filter-label">
            {labels.get(field.key) ?? field.key}
          </Typography.Text>
          <FieldControl field={field} prop={props[field.key]!} value={draft[field.key]} people={people} onChange={(f) => set(field.key, f)} />
        </section>
      ))}
    </Drawer>
  );
}

/** FieldControl is one field's control in the sheet, by the kind of filter its type offers (as the desktop column's). */
function FieldControl({
  field,
  prop,
  value,
  people,
  onChange,
}: {
  field: SheetField;
  prop: JsonSchema;
  value: ColumnFilter | undefined;
  people: People;
  onChange: (f: ColumnFilter | undefined) => void;
}): ReactNode {
  const { t, i18n } = useTranslation('enduser');
  const { t: tc } = useTranslation();
  switch (field.kind) {
    case 'text':
      return (
        <Input
          size="large"
          allowClear
          placeholder={t('contains')}
          value={value?.kind === 'text' ? value.contains : ''}
          onChange={(e) => onChange(e.target.value ? { kind: 'text', contains: e.target.value } : undefined)}
        />
      );
    case 'choice': {
      const options = choiceOptions(prop, i18n.language);
      const picked = value?.kind === 'choice' ? value.values : [];
      if (options.length > MAX_TAGS) {
        return (
          <ManyPick value={picked} onChange={(v) => onChange(v.length > 0 ? { kind: 'choice', values: v } : undefined)} options={options} />
        );
      }
      return (
        <div className="fl-filter-tags">
          {options.map((o) => (
            <Tag.CheckableTag key={o.value} checked={picked.includes(o.value)} onChange={(on) => onChange(toggleChoice(value, o.value, on))}>
              {o.label}
            </Tag.CheckableTag>
          ))}
        </div>
      );
    }
    case 'bool':
      return (
        <Segmented<BoolChoice>
          size="large"
          block
          value={boolChoice(value)}
          onChange={(c) => onChange(boolFilter(c))}
          options={[
            { value: 'any', label: t('sheet.any') },
            { value: 'yes', label: tc('common2.yes') },
            { value: 'no', label: tc('common2.no') },
          ]}
        />
      );
    case 'range': {
      const r = value?.kind === 'range' ? value : { kind: 'range' as const };
      const next = (from: number | string | undefined, to: number | string | undefined): ColumnFilter | undefined =>
        from === undefined && to === undefined ? undefined : { kind: 'range', from, to };
      return (
        <div className="fl-filter-range">
          <InputNumber size="large" placeholder={t('from')} aria-label={t('from')} value={r.from as number | undefined} onChange={(v) => onChange(next(v ?? undefined, r.to))} />
          <span aria-hidden>–</span>
          <InputNumber size="large" placeholder={t('to')} aria-label={t('to')} value={r.to as number | undefined} onChange={(v) => onChange(next(r.from, v ?? undefined))} />
        </div>
      );
    }
    case 'dateRange': {
      const r = value?.kind === 'dateRange' ? value : { kind: 'dateRange' as const };
      const withTime = prop.format === 'date-time';
      const next = (from: string | undefined, to: string | undefined): ColumnFilter | undefined =>
        from === undefined && to === undefined ? undefined : { kind: 'dateRange', from, to };
      // Two pickers rather than a range picker: a range's two months do not fit a phone's width.
      const picker = (end: boolean) => (
        <DatePicker
          size="large"
          inputReadOnly
          placeholder={t(end ? 'to' : 'from')}
          aria-label={t(end ? 'to' : 'from')}
          value={(end ? r.to : r.from) ? dayjs(String(end ? r.to : r.from)) : null}
          onChange={(d) => (end ? onChange(next(r.from as string | undefined, dateBound(d, withTime, true))) : onChange(next(dateBound(d, withTime, false), r.to as string | undefined)))}
          classNames={SHEET}
          getPopupContainer={toBody}
        />
      );
      return (
        <div className="fl-filter-range">
          {picker(false)}
          <span aria-hidden>–</span>
          {picker(true)}
        </div>
      );
    }
    case 'member':
    case 'department': {
      const f = value?.kind === field.kind ? value : { kind: field.kind, mine: false, values: [] as string[] };
      const next = (mine: boolean, values: string[]): ColumnFilter | undefined =>
        !mine && values.length === 0 ? undefined : { kind: field.kind as 'member' | 'department', mine, values };
      return (
        <div className="fl-filter-people">
          <Tag.CheckableTag checked={f.mine} onChange={(on) => onChange(next(on, f.values ?? []))}>
            {field.kind === 'member' ? t('me') : t('myDepartment')}
          </Tag.CheckableTag>
          {/* "Mine" already says whose: the names would only be ignored. */}
          <ManyPick disabled={f.mine} value={f.values ?? []} onChange={(v) => onChange(next(f.mine, v))} options={field.kind === 'member' ? people.members : people.departments} />
        </div>
      );
    }
  }
}

/** ManyPick picks several of a list (options, people) in a sheet of its own, searched by label. */
function ManyPick({ value, onChange, options, disabled }: { value: string[]; onChange: (v: string[]) => void; options: { value: string; label: string }[]; disabled?: boolean }) {
  const { t } = useTranslation('enduser');
  return (
    <Select
      size="large"
      mode="multiple"
      allowClear
      showSearch
      optionFilterProp="label"
      style={{ width: '100%' }}
      disabled={disabled}
      placeholder={t('choose')}
      value={value}
      onChange={onChange}
      options={options}
      classNames={SHEET}
      getPopupContainer={toBody}
    />
  );
}
