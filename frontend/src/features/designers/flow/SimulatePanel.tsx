import { Alert, Button, DatePicker, Drawer, Input, InputNumber, Radio, Select, Space, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useFlowT } from './useFlowT';
import { useApi } from '../../../shared/api/ApiContext';
import { useAuth } from '../../../app/auth/AuthContext';
import { errorMessage } from '../../../shared/lib/apiErrors';
import { localized } from '../../../shared/lib/localized';
import { useAsync } from '../../../shared/hooks/useAsync';
import { usePeople } from '../../../shared/hooks/useWorkspaceData';
import { useDraft } from '../store/DraftContext';
import type { FlowField } from './conditions';
import type { PipelineJson } from './model';
import { sampleRecord, simulate, type Simulation } from './simulate';
import { fieldLabel, type Names } from './summary';
import { fieldType } from '../../../fields/registry';
import '../../../shared/i18n/pickerLocale';

// Fields without a Formloom type are offered by their JSON type.
const SAMPLE_JSON_TYPES = new Set(['string', 'integer', 'boolean']);

/**
 * SimulatePanel is the flow's "try it": a sample record (filled here or taken from a record
 * of the form) and a submitter go to the server, which walks the saved draft's or a
 * published version's flow with the engine's own conditions and assignee resolution and
 * answers the path and who would be asked at each step. Nothing is created.
 */
export function SimulatePanel({ ws, app, pipeline, fields, names, onClose }: { ws: string; app: string; pipeline: PipelineJson; fields: FlowField[]; names: Names; onClose: () => void }) {
  const { t, i18n } = useFlowT();
  const api = useApi();
  const draft = useDraft();
  const { user } = useAuth();
  const people = usePeople(ws);
  const lang = i18n.language;
  const [values, setValues] = useState<Record<string, unknown>>({});
  const [submitter, setSubmitter] = useState<string>();
  const [version, setVersion] = useState(0);
  const [result, setResult] = useState<Simulation>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const info = useAsync(() => api.app(ws, app), [api, ws, app]);
  const records = useAsync(() => api.records(ws, app, pipeline.form, { limit: 20 }).catch(() => ({ items: [] })), [api, ws, app, pipeline.form]);
  const published = info.data?.published ?? 0;
  const sampleFields = fields.filter((f) => fieldType(f.type)?.simulated || SAMPLE_JSON_TYPES.has(f.type) || f.numeric);

  const run = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setResult(await simulate(api, ws, app, { pipeline: pipeline.key, version, record: sampleRecord(values), submitter: submitter ?? user?.id }));
    } catch (err) {
      setResult(undefined);
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const nodeName = (key: string) => {
    const n = pipeline.nodes.find((x) => x.key === key);
    return localized(n?.name as Record<string, string> | undefined, lang) || key;
  };
  const set = (k: string, v: unknown) => setValues((x) => ({ ...x, [k]: v }));
  const optLabel = (o: { value: string; label: { zh: string; en: string } }) => (lang.startsWith('zh') ? o.label.zh || o.label.en : o.label.en || o.label.zh) || o.value;

  return (
    <Drawer open onClose={onClose} title={t('simulate.title')} width={Math.min(520, window.innerWidth)} data-testid="flow-simulate">
      <Typography.Paragraph type="secondary">{t('simulate.intro')}</Typography.Paragraph>
      {draft.dirty && version === 0 && <Alert type="warning" showIcon style={{ marginBottom: 8 }} message={t('simulate.unsaved')} />}
      <div className="fl-flow-row">
        <span style={{ width: 90 }}>{t('simulate.version')}</span>
        <Radio.Group
          value={version}
          onChange={(e) => setVersion(Number(e.target.value))}
          options={[{ value: 0, label: t('simulate.draft') }, ...(published > 0 ? [{ value: published, label: `${t('simulate.published')} v${published}` }] : [])]}
        />
      </div>
      <div className="fl-flow-row">
        <span style={{ width: 90 }}>{t('simulate.submitter')}</span>
        <Select style={{ flex: 1 }} allowClear placeholder={t('simulate.me')} value={submitter} onChange={setSubmitter} options={people.members} optionFilterProp="label" data-testid="flow-simulate-submitter" />
      </div>
      {(records.data?.items.length ?? 0) > 0 && (
        <div className="fl-flow-row">
          <span style={{ width: 90 }}>{t('simulate.pickRecord')}</span>
          <Select
            style={{ flex: 1 }}
            onChange={(id: string) => {
              const r = records.data?.items.find((x) => x.id === id);
              if (r) setValues(Object.fromEntries(Object.entries(r.data).filter(([k]) => fields.some((f) => f.key === k))));
            }}
            options={(records.data?.items ?? []).map((r) => ({ value: r.id, label: String(Object.values(r.data).find((x) => typeof x === 'string') ?? r.id) }))}
          />
        </div>
      )}
      <div className="fl-flow-section-title" style={{ marginTop: 8 }}>{t('simulate.sample')}</div>
      {sampleFields.map((f) => (
        <div className="fl-flow-row" key={f.key}>
          <span style={{ width: 110 }}>{fieldLabel([f], f.key, lang)}</span>
          <div style={{ flex: 1 }} data-testid={`flow-sample-${f.key}`}>
            {f.options.length > 0 ? (
              <Select style={{ width: '100%' }} allowClear value={values[f.key] as string | undefined} onChange={(v) => set(f.key, v)} options={f.options.map((o) => ({ value: o.value, label: optLabel(o) }))} />
            ) : f.numeric ? (
              <InputNumber style={{ width: '100%' }} value={values[f.key] as number | undefined} onChange={(v) => set(f.key, v ?? undefined)} />
            ) : fieldType(f.type)?.people === 'members' ? (
              <Select style={{ width: '100%' }} allowClear value={values[f.key] as string | undefined} onChange={(v) => set(f.key, v)} options={people.members} optionFilterProp="label" />
            ) : fieldType(f.type)?.people === 'departments' ? (
              <Select style={{ width: '100%' }} allowClear value={values[f.key] as string | undefined} onChange={(v) => set(f.key, v)} options={people.departments} optionFilterProp="label" />
            ) : fieldType(f.type)?.date === 'date' ? (
              <DatePicker style={{ width: '100%' }} value={typeof values[f.key] === 'string' ? dayjs(values[f.key] as string) : undefined} onChange={(d) => set(f.key, d ? d.format('YYYY-MM-DD') : undefined)} />
            ) : (
              <Input value={String(values[f.key] ?? '')} onChange={(e) => set(f.key, e.target.value)} />
            )}
          </div>
        </div>
      ))}
      <Button type="primary" loading={busy} onClick={() => void run()} style={{ margin: '8px 0 16px' }} data-testid="flow-simulate-run">
        {t('simulate.run')}
      </Button>
      {error && <Alert type="error" showIcon message={error} />}
      {result && (
        <div data-testid="flow-simulate-result">
          <div className="fl-flow-section-title">{t('simulate.path')}</div>
          <Timeline
            items={[
              ...result.steps.map((s) => ({
                color: s.type === 'end' ? 'green' : s.type === 'condition' ? 'purple' : 'blue',
                children: (
                  <div data-testid={`flow-sim-step-${s.node}`}>
                    <b>{nodeName(s.node)}</b> <span className="fl-flow-muted">{t(`types.${s.type}`)}</span>
                    {s.assignees && s.type !== 'start' && (
                      <div>
                        {t('simulate.asked')}: <span data-testid={`flow-sim-asked-${s.node}`}>{s.assignees.map((id) => names.member(id)).join(', ') || t('simulate.nobody')}</span>
                        {s.fallback && <Tag color="orange" style={{ marginLeft: 6 }}>{t('simulate.fallback')}</Tag>}
                      </div>
                    )}
                    {s.due && <div className="fl-flow-muted">{t('card.deadline')}: {dayjs(s.due).format('YYYY-MM-DD HH:mm')}</div>}
                    {s.branch && (
                      <div>
                        {t('simulate.branch')} → {nodeName(s.branch)} {s.else && <Tag>{t('else')}</Tag>}
                      </div>
                    )}
                  </div>
                ),
              })),
            ]}
          />
          {result.outcome && <Alert type="success" message={t('simulate.end', { outcome: t(`outcome.${result.outcome}`) })} data-testid="flow-sim-outcome" />}
          {result.stop && <Alert type="warning" message={t('simulate.stopped', { reason: lang.startsWith('zh') ? result.stop.zh : result.stop.en })} />}
        </div>
      )}
      <Space />
    </Drawer>
  );
}
