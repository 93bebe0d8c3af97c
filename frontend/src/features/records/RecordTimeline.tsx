import { Empty, Space, Tag, Timeline, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FormDef, HistoryEvent, PipelineDef } from '../../shared/api/types';
import type { People } from '../../shared/hooks/useWorkspaceData';
import { localized } from '../../shared/lib/localized';
import { displayValue, fieldLabels, orderedFields, type ValueTexts } from '../forms/schemaForm';
import { useDateTime } from './useDateTime';

/** EMPTY stands for a field with no value in a change. */
const EMPTY = '—';

/** RecordTimeline lists a record's events, newest last: who did what at which step, their comment and the fields it changed. */
export function RecordTimeline({
  events,
  form,
  pipeline,
  people,
  texts,
  source,
}: {
  events: HistoryEvent[];
  form?: FormDef;
  pipeline?: PipelineDef;
  people: People;
  texts: ValueTexts;
  /** A link to the record whose automation made a change (a follow-up that stamped its customer). */
  source?: (form: string, id: string) => ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const dateTime = useDateTime();
  if (events.length === 0) return <Empty description={t('run.noHistory', { ns: 'flow' })} />;
  const labels = form ? fieldLabels(form, i18n.language) : new Map<string, string>();
  const props = form?.schema.properties ?? {};
  const nodeName = (key: string) => localized(pipeline?.nodes.find((n) => n.key === key)?.name, i18n.language) || key;
  // Changes read in the form's order, as the record's fields do (the server lists them as
  // they were compared).
  const rank = new Map((form ? orderedFields(form) : []).map((k, i) => [k, i]));
  const byForm = (a: { field: string }, b: { field: string }) => (rank.get(a.field) ?? rank.size) - (rank.get(b.field) ?? rank.size);
  const show = (field: string, v: unknown) => displayValue(props[field], v, i18n.language, texts) || EMPTY;
  return (
    <Timeline
      data-testid="record-timeline"
      items={events.map((e) => ({
        key: e.id,
        color: e.action === 'flow.rejected' ? 'red' : e.action === 'flow.returned' ? 'orange' : e.action.startsWith('flow.') ? 'blue' : 'gray',
        children: (
          <Space direction="vertical" size={2}>
            <Space wrap size={6}>
              <Typography.Text strong>
                {e.actor === 'system' || !e.actor ? t('run.system', { ns: 'flow' }) : (people.name(e.actor) ?? e.actor)}
              </Typography.Text>
              <span>{t(`run.history.${e.action.replace('.', '_')}`, { ns: 'flow', defaultValue: e.action })}</span>
              {e.node && <Tag bordered={false}>{nodeName(e.node)}</Tag>}
              {source && typeof e.detail?.sourceForm === 'string' && typeof e.detail.sourceRecord === 'string' && source(e.detail.sourceForm, e.detail.sourceRecord)}
              <Typography.Text type="secondary">{dateTime(e.at)}</Typography.Text>
            </Space>
            {e.comment && <Typography.Text italic>“{e.comment}”</Typography.Text>}
            {[...(e.changes ?? [])].sort(byForm).map((c) => {
              const field = labels.get(c.field) ?? c.field;
              const from = show(c.field, c.from);
              // A value filled where there was none (every field of a new record) reads as
              // what it was set to: "— →" on each line of a creation is noise.
              const line = from === EMPTY ? t('run.set', { ns: 'flow', field, to: show(c.field, c.to) }) : t('run.changed', { ns: 'flow', field, from, to: show(c.field, c.to) });
              return (
                <Typography.Text key={c.field} type="secondary" style={{ fontSize: 12 }} data-testid="timeline-change">
                  {line}
                </Typography.Text>
              );
            })}
          </Space>
        ),
      }))}
    />
  );
}
