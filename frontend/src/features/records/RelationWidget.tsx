import type { WidgetProps } from '@rjsf/utils';
import { Grid, Select, Spin } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../shared/api/ApiContext';
import type { RecordChoice } from '../../shared/api/types';
import type { RelationPick } from '../forms/schemaForm';
import { choiceLabel } from './recordNames';

/** How long typing pauses before the records are asked for. */
const TYPING_PAUSE_MS = 250;

const SHEET = { popup: { root: 'fl-sheet' } };
const toBody = () => document.body;

/**
 * RelationWidget picks linked records for a relation field: typing finds the newest records
 * of the linked form whose serial number or title holds the text, among those the member
 * may read; chosen records show by their serial number and title. One record, or several
 * when the field allows it. On a phone the list opens as a sheet along the bottom.
 */
export function RelationWidget({ id, options, value, schema, required, disabled, readonly, placeholder, onChange, onBlur, onFocus }: WidgetProps) {
  const { t } = useTranslation('enduser');
  const api = useApi();
  const phone = Grid.useBreakpoint().md === false;
  const pick = options.relation as RelationPick | undefined;
  const multiple = schema.type === 'array';
  const chosen = useMemo(() => (Array.isArray(value) ? (value as unknown[]) : value ? [value] : []).filter((v): v is string => typeof v === 'string'), [value]);
  const [found, setFound] = useState<RecordChoice[]>([]);
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  const [loading, setLoading] = useState(false);
  const asked = useRef(0);

  const search = (q: string) => {
    if (!pick) return;
    const n = ++asked.current;
    setLoading(true);
    api
      .recordChoices(pick.ws, pick.app, pick.form, { q })
      .then(({ items }) => {
        if (n !== asked.current) return; // a later search answers
        setFound(items);
        setNames((prev) => new Map([...prev, ...items.map((c) => [c.id, choiceLabel(c)] as const)]));
      })
      .catch(() => n === asked.current && setFound([]))
      .finally(() => n === asked.current && setLoading(false));
  };
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const onSearch = (q: string) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => search(q.trim()), TYPING_PAUSE_MS);
  };
  useEffect(() => () => clearTimeout(timer.current), []);

  // Values chosen before (an edited record, a linked default) are named once.
  const unnamed = chosen.filter((c) => !names.has(c));
  const unnamedKey = unnamed.join(',');
  useEffect(() => {
    if (!pick || unnamedKey === '') return;
    const ids = unnamedKey.split(',');
    let live = true;
    api
      .recordChoices(pick.ws, pick.app, pick.form, { ids })
      .then(({ items }) => {
        if (!live) return;
        const got = new Map(items.map((c) => [c.id, choiceLabel(c)]));
        setNames((prev) => new Map([...prev, ...ids.map((i) => [i, got.get(i) ?? t('unreadableRecord')] as const)]));
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [api, pick, unnamedKey, t]);

  const items = [
    ...found.map((c) => ({ value: c.id, label: choiceLabel(c) })),
    // A chosen record the last search did not find keeps its name in the box.
    ...chosen.filter((c) => !found.some((f) => f.id === c)).map((c) => ({ value: c, label: names.get(c) ?? '…' })),
  ];
  return (
    <Select
      id={id}
      data-testid={`relation-${id}`}
      mode={multiple ? 'multiple' : undefined}
      style={{ width: '100%' }}
      showSearch
      filterOption={false}
      options={items}
      value={multiple ? chosen : chosen[0]}
      allowClear={!required || multiple}
      placeholder={placeholder || t('chooseRecord')}
      notFoundContent={loading ? <Spin size="small" /> : t('noRecords')}
      disabled={disabled || readonly}
      onSearch={onSearch}
      onDropdownVisibleChange={(open) => open && search('')}
      onChange={(next: string | string[] | undefined) => {
        const list = Array.isArray(next) ? next : next ? [next] : [];
        onChange(multiple ? (list.length > 0 ? list : undefined) : list[0]);
      }}
      onBlur={() => onBlur(id, value)}
      onFocus={() => onFocus(id, value)}
      classNames={phone ? SHEET : undefined}
      getPopupContainer={phone ? toBody : (node: HTMLElement) => node.parentElement ?? document.body}
      listHeight={phone ? 320 : 256}
      popupMatchSelectWidth={!phone}
    />
  );
}
