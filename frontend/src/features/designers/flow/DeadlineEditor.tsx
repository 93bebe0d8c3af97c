import { InputNumber, Radio, Select, Space } from 'antd';
import { useFlowT } from './useFlowT';
import type { Json, JsonObject } from '../form/designer';
import { AssigneeEditor, type Choices } from './AssigneeEditor';
import { durationOf, fieldLabel, toDuration, UNITS, type DurationView } from './summary';
import { fieldType } from '../../../fields/registry';

const isObject = (v: Json | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** DurationInput edits one duration: an amount and its unit (working days, working hours, hours, days). */
export function DurationInput({ value, onChange, readOnly, testid }: { value: DurationView | undefined; onChange: (d: DurationView | undefined) => void; readOnly: boolean; testid: string }) {
  const { t } = useFlowT();
  const unit = value?.unit ?? 'workingDays';
  return (
    <Space.Compact>
      <InputNumber
        min={0}
        step={0.5}
        style={{ width: 90 }}
        value={value?.n}
        disabled={readOnly}
        onChange={(n) => onChange(typeof n === 'number' && n > 0 ? { n, unit } : undefined)}
        data-testid={`${testid}-n`}
      />
      <Select style={{ width: 130 }} value={unit} disabled={readOnly} onChange={(u) => value && onChange({ ...value, unit: u })} options={UNITS.map((u) => ({ value: u, label: t(`unit.${u}`) }))} data-testid={`${testid}-unit`} />
    </Space.Compact>
  );
}

/**
 * DeadlineEditor edits a node's deadline: a duration after the node starts, a date field plus
 * an offset, or a table by a select field (urgency → 1/3/5 working days, others); a reminder
 * before it; and what happens when it passes (remind, escalate to whom, approve, return to
 * which earlier node).
 */
export function DeadlineEditor({ value, onChange, choices, earlier, readOnly }: { value: Json | undefined; onChange: (v: JsonObject | undefined) => void; choices: Choices; earlier: { value: string; label: string }[]; readOnly: boolean }) {
  const { t, i18n } = useFlowT();
  const d = isObject(value) ? value : undefined;
  const kind = !d ? 'none' : d.after ? 'after' : typeof d.field === 'string' ? 'field' : d.by ? 'by' : 'none';
  const dateFields = choices.fields.filter((f) => fieldType(f.type)?.date !== undefined);
  const selectFields = choices.fields.filter((f) => fieldType(f.type)?.oneOption);
  const rest = (x: JsonObject) => {
    const { after: _a, field: _f, plus: _p, by: _b, ...keep } = x;
    return keep;
  };
  const setKind = (k: string) => {
    const keep = d ? rest(d) : {};
    if (k === 'none') onChange(undefined);
    else if (k === 'after') onChange({ after: { workingDays: 1 }, ...keep });
    else if (k === 'field') onChange({ field: dateFields[0]?.key ?? '', ...keep });
    else onChange({ by: { field: selectFields[0]?.key ?? '', rules: {}, default: { workingDays: 3 } }, ...keep });
  };
  const set = (patch: Record<string, Json | undefined>) => {
    const next: JsonObject = { ...(d ?? {}) };
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) delete next[k];
      else next[k] = v;
    }
    onChange(next);
  };
  const by = d && isObject(d.by) ? d.by : undefined;
  const byField = by ? choices.fields.find((f) => f.key === by.field) : undefined;
  const rules = by && isObject(by.rules) ? by.rules : {};
  const onDue = d && isObject(d.onDue) ? d.onDue : undefined;
  const action = String(onDue?.action ?? 'remind');
  const lang = i18n.language;
  return (
    <div data-testid="flow-deadline">
      <Radio.Group
        value={kind}
        disabled={readOnly}
        onChange={(e) => setKind(String(e.target.value))}
        optionType="button"
        size="small"
        options={['none', 'after', 'field', 'by'].map((k) => ({ value: k, label: <span data-testid={`flow-deadline-${k}`}>{t(`deadlineKind.${k}`)}</span> }))}
      />
      {kind === 'after' && (
        <div className="fl-flow-row" style={{ marginTop: 8 }}>
          <DurationInput value={durationOf(d?.after)} readOnly={readOnly} onChange={(v) => v && set({ after: toDuration(v) })} testid="flow-deadline-after" />
        </div>
      )}
      {kind === 'field' && (
        <div className="fl-flow-row" style={{ marginTop: 8 }}>
          <Select style={{ minWidth: 140 }} value={String(d?.field ?? '')} disabled={readOnly} onChange={(field) => set({ field })} options={dateFields.map((f) => ({ value: f.key, label: fieldLabel([f], f.key, lang) }))} />
          <span>{t('plus')}</span>
          <DurationInput value={durationOf(d?.plus)} readOnly={readOnly} onChange={(v) => set({ plus: v ? toDuration(v) : undefined })} testid="flow-deadline-plus" />
        </div>
      )}
      {kind === 'by' && by && (
        <div style={{ marginTop: 8 }}>
          <div className="fl-flow-row">
            <span>{t('byField')}</span>
            <Select style={{ minWidth: 140 }} value={String(by.field ?? '')} disabled={readOnly} onChange={(field) => set({ by: { ...by, field, rules: {} } })} options={selectFields.map((f) => ({ value: f.key, label: fieldLabel([f], f.key, lang) }))} />
          </div>
          {(byField?.options ?? []).map((o) => (
            <div className="fl-flow-row" key={o.value}>
              <span style={{ width: 90 }}>{(lang.startsWith('zh') ? o.label.zh || o.label.en : o.label.en || o.label.zh) || o.value}</span>
              <DurationInput
                value={durationOf(rules[o.value])}
                readOnly={readOnly}
                onChange={(v) => {
                  const next: JsonObject = { ...rules };
                  if (v) next[o.value] = toDuration(v);
                  else delete next[o.value];
                  set({ by: { ...by, rules: next } });
                }}
                testid={`flow-deadline-by-${o.value}`}
              />
            </div>
          ))}
          <div className="fl-flow-row">
            <span style={{ width: 90 }}>{t('byDefault')}</span>
            <DurationInput value={durationOf(by.default)} readOnly={readOnly} onChange={(v) => set({ by: { ...by, default: v ? toDuration(v) : undefined } as JsonObject })} testid="flow-deadline-by-default" />
          </div>
        </div>
      )}
      {kind !== 'none' && (
        <>
          <div className="fl-flow-row" style={{ marginTop: 8 }}>
            <span style={{ width: 90 }}>{t('panel.remindBefore')}</span>
            <DurationInput value={durationOf(d?.remindBefore)} readOnly={readOnly} onChange={(v) => set({ remindBefore: v ? toDuration(v) : undefined })} testid="flow-remind" />
          </div>
          <div className="fl-flow-row">
            <span style={{ width: 90 }}>{t('panel.onDue')}</span>
            <Select
              style={{ minWidth: 140 }}
              value={action}
              disabled={readOnly}
              onChange={(a: string) => set({ onDue: a === 'escalate' ? { action: a, escalateTo: [{ type: 'manager', levels: 1 }] } : a === 'return' ? { action: a, ...(earlier[0] ? { returnTo: earlier[0].value } : {}) } : { action: a } })}
              options={['remind', 'escalate', 'approve', 'return'].map((a) => ({ value: a, label: t(`dueAction.${a}`) }))}
              data-testid="flow-ondue"
            />
            {action === 'return' && (
              <Select style={{ minWidth: 140 }} value={typeof onDue?.returnTo === 'string' ? onDue.returnTo : undefined} placeholder={t('panel.returnTo')} disabled={readOnly} onChange={(returnTo) => set({ onDue: { action, returnTo } })} options={earlier} data-testid="flow-ondue-return" />
            )}
          </div>
          {action === 'escalate' && (
            <div style={{ marginLeft: 8 }}>
              <div className="fl-flow-muted">{t('panel.escalateTo')}</div>
              <AssigneeEditor value={onDue?.escalateTo} onChange={(escalateTo) => set({ onDue: { action, escalateTo } })} choices={choices} readOnly={readOnly} testid="flow-escalate" />
            </div>
          )}
        </>
      )}
    </div>
  );
}
