import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, ConfigProvider, Divider, Dropdown, Input, InputNumber, Select, Switch, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFlowT } from './useFlowT';
import type { Json, JsonObject } from '../form/designer';
import { localized } from '../../../shared/lib/localized';
import type { People } from '../../../shared/hooks/useWorkspaceData';
import { useDraft } from '../store/DraftContext';
import { ActionEditor } from '../automations/ActionEditor';
import { ACTION_TYPES, defaultAction, type ActionType } from '../automations/model';
import { formChoices } from '../query/fields';
import { ActionSwitches } from './ActionSwitches';
import { addNodeAction, MAX_NODE_ACTIONS, nodeActions, removeNodeAction, splitActionProblems, updateNodeAction } from './automationNode';
import { AssigneeEditor, type Choices } from './AssigneeEditor';
import type { FlowField } from './conditions';
import { DeadlineEditor } from './DeadlineEditor';
import { FieldRulesGrid } from './FieldRulesGrid';
import { deleteNode, inOf, nodePointer, pipelineAt, updateNode, updatePipeline, type NodeJson, type PipelineJson } from './model';

const isObject = (v: Json | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="fl-flow-section">
      <div className="fl-flow-section-title">{title}</div>
      {children}
    </div>
  );
}

/** Names in both languages, kept with languages the designer does not show. */
function NameInputs({ value, onChange, readOnly, zhLabel, enLabel, testid }: { value: Json | undefined; onChange: (v: JsonObject | undefined) => void; readOnly: boolean; zhLabel: string; enLabel: string; testid: string }) {
  const name = isObject(value) ? value : {};
  const set = (lang: string, s: string) => {
    const next: JsonObject = { ...name };
    if (s) next[lang] = s;
    else delete next[lang];
    onChange(Object.keys(next).length > 0 ? next : undefined);
  };
  return (
    <>
      <div className="fl-flow-row">
        <span style={{ width: 110 }}>{zhLabel}</span>
        <Input style={{ flex: 1 }} value={String(name['zh-CN'] ?? '')} disabled={readOnly} onChange={(e) => set('zh-CN', e.target.value)} data-testid={`${testid}-zh`} />
      </div>
      <div className="fl-flow-row">
        <span style={{ width: 110 }}>{enLabel}</span>
        <Input style={{ flex: 1 }} value={String(name.en ?? '')} disabled={readOnly} onChange={(e) => set('en', e.target.value)} data-testid={`${testid}-en`} />
      </div>
    </>
  );
}

/** earlierNodes lists the nodes a record can be returned to from a node: the start and the steps before it. */
function earlierNodes(p: PipelineJson, key: string, lang: string): { value: string; label: string }[] {
  const before = new Set<string>();
  const stack = [key];
  while (stack.length > 0) {
    const k = stack.pop()!;
    for (const e of inOf(p, k)) if (!before.has(e.edge.from)) {
      before.add(e.edge.from);
      stack.push(e.edge.from);
    }
  }
  return p.nodes
    .filter((n) => before.has(n.key) && n.key !== key && ['start', 'task', 'approval'].includes(n.type))
    .map((n) => ({ value: n.key, label: localized(n.name as Record<string, string> | undefined, lang) || n.key }));
}

/**
 * NodePanel is the settings of the selected node, without JSON: names in both languages, the
 * stage label, who handles it, how an approval is decided, its deadline, its field
 * permissions, the automations that run on it; and the server's problems on it, in words.
 */
export function NodePanel({ pi, node, fields, people, readOnly, onDeleted }: { pi: number; node: NodeJson; fields: FlowField[]; people: People; readOnly: boolean; onDeleted: () => void }) {
  const { t, i18n } = useFlowT();
  const draft = useDraft();
  const { message } = App.useApp();
  const p = pipelineAt(draft.doc, pi)!;
  const ni = p.nodes.findIndex((n) => n.key === node.key);
  const split = splitActionProblems(draft.problemsAt(nodePointer(pi, ni)), pi, ni);
  const problems = node.type === 'automation' ? split.node : draft.problemsAt(nodePointer(pi, ni));
  const set = (patch: Record<string, Json | undefined>) => draft.edit((d) => updateNode(d, pi, node.key, patch));
  const roles = (Array.isArray(draft.doc.roles) ? draft.doc.roles : []).filter(isObject);
  const choices: Choices = {
    members: people.members,
    roles: roles.map((r) => ({ value: String(r.key), label: localized(r.name as Record<string, string> | undefined, i18n.language) || String(r.key) })),
    fields,
  };
  const people_ = node.type === 'approval' || node.type === 'task' || node.type === 'cc';
  const lang = i18n.language;
  const automations = (Array.isArray(draft.doc.automations) ? draft.doc.automations : [])
    .filter(isObject)
    .filter((a) => isObject(a.on) && (a.on.event === 'nodeEntered' || a.on.event === 'nodeLeft' || a.on.event === 'due') && a.on.node === node.key && a.form === p.form);
  const remove = () => {
    const r = deleteNode(draft.doc, pi, node.key);
    if (r.refused) {
      message.warning(t(`refused.${r.refused}`));
      return;
    }
    draft.edit((d) => deleteNode(d, pi, node.key).doc);
    onDeleted();
  };
  return (
    <div data-testid={`flow-panel-${node.key}`}>
      <div className="fl-flow-row" style={{ justifyContent: 'space-between' }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t(`types.${node.type}`)} · <Typography.Text type="secondary">{node.key}</Typography.Text>
        </Typography.Title>
        {!readOnly && node.type !== 'start' && (
          <Button danger size="small" icon={<DeleteOutlined />} onClick={remove} data-testid="flow-delete-node">
            {t('deleteNode')}
          </Button>
        )}
      </div>
      {problems.length > 0 && (
        <Alert type="error" showIcon style={{ marginTop: 8 }} message={t('panel.problems')} description={problems.map((x) => <div key={x.pointer + x.code}>{x.message}</div>)} data-testid="flow-node-problems" />
      )}
      <Section title={t('panel.title')}>
        <NameInputs value={node.name} onChange={(name) => set({ name })} readOnly={readOnly} zhLabel={t('panel.nameZh')} enLabel={t('panel.nameEn')} testid="flow-name" />
        {!['parallel', 'join', 'condition'].includes(node.type) && (
          <div className="fl-flow-row">
            <span style={{ width: 110 }}>{t('panel.stage')}</span>
            <Input style={{ flex: 1 }} placeholder={t('panel.stageHint')} value={String(node.stage ?? '')} disabled={readOnly} onChange={(e) => set({ stage: e.target.value || undefined })} data-testid="flow-stage" />
          </div>
        )}
      </Section>
      {people_ && (
        <Section title={node.type === 'cc' ? t('panel.ccTo') : t('panel.assignees')}>
          <AssigneeEditor value={node.assignees} onChange={(assignees) => set({ assignees })} choices={choices} readOnly={readOnly} testid="flow-assignees" />
          <div className="fl-flow-muted" style={{ marginTop: 4 }}>{t('panel.fallback')}</div>
        </Section>
      )}
      {node.type === 'approval' && (
        <Section title={t('panel.mode')}>
          <div className="fl-flow-row">
            <Select
              style={{ minWidth: 200 }}
              value={String(node.mode ?? 'single')}
              disabled={readOnly}
              onChange={(mode: string) => set({ mode, percent: mode === 'percent' ? 60 : undefined })}
              options={['single', 'any', 'all', 'percent', 'sequential'].map((m) => ({ value: m, label: t(`mode.${m}`) }))}
              data-testid="flow-mode"
            />
            {node.mode === 'percent' && <InputNumber min={1} max={100} addonAfter="%" value={typeof node.percent === 'number' ? node.percent : 60} disabled={readOnly} onChange={(v) => set({ percent: v ?? 60 })} />}
          </div>
        </Section>
      )}
      {(node.type === 'approval' || node.type === 'task') && (
        <Section title={t('panel.deadline')}>
          <DeadlineEditor value={node.deadline} onChange={(deadline) => set({ deadline })} choices={choices} earlier={earlierNodes(p, node.key, lang)} readOnly={readOnly} />
        </Section>
      )}
      {(node.type === 'approval' || node.type === 'task') && (
        <Section title={t('allow.title')}>
          <ActionSwitches node={node} earlier={earlierNodes(p, node.key, lang)} readOnly={readOnly} onChange={(allow) => set({ allow })} />
        </Section>
      )}
      {(node.type === 'start' || node.type === 'approval' || node.type === 'task') && (
        <Section title={t('panel.fieldRules')}>
          <FieldRulesGrid value={node.fields} onChange={(f) => set({ fields: f })} fields={fields} readOnly={readOnly} />
        </Section>
      )}
      {node.type === 'end' && (
        <Section title={t('panel.outcome')}>
          <Select style={{ minWidth: 160 }} value={String(node.outcome ?? 'approved')} disabled={readOnly} onChange={(outcome) => set({ outcome })} options={['approved', 'rejected', 'done'].map((o) => ({ value: o, label: t(`outcome.${o}`) }))} data-testid="flow-outcome" />
        </Section>
      )}
      {node.type === 'automation' && (
        <Section title={t('panel.automationActions')}>
          <AutomationNodeActions pi={pi} ni={ni} nodeKey={node.key} form={String(p.form ?? '')} problems={split.byAction} readOnly={readOnly} />
        </Section>
      )}
      {!['parallel', 'join', 'condition'].includes(node.type) && (
        <>
          <Divider style={{ margin: '12px 0' }} />
          <Section title={t('panel.automations')}>
            {automations.length === 0 ? (
              <div className="fl-flow-muted">{t('panel.noAutomations')}</div>
            ) : (
              automations.map((a) => <div key={String(a.key)}>{localized(a.name as Record<string, string> | undefined, lang) || String(a.key)}</div>)
            )}
          </Section>
        </>
      )}
    </div>
  );
}

/**
 * AutomationNodeActions edits an automation node's actions with the automations designer's
 * action editors: set fields, create records, webhook, notify; the server's problems inside an
 * action show on that action.
 */
function AutomationNodeActions({ pi, ni, nodeKey, form, problems, readOnly }: { pi: number; ni: number; nodeKey: string; form: string; problems: Record<number, { pointer: string; message: string }[]>; readOnly: boolean }) {
  const { t, i18n } = useTranslation('designerAutomations');
  const draft = useDraft();
  const actions = nodeActions(draft.doc, pi, nodeKey);
  const other = formChoices(draft.doc, i18n.language).find((f) => f.value !== form)?.value;
  return (
    <ConfigProvider componentDisabled={readOnly}>
      <div data-testid="flow-automation-actions">
        {actions.map((a, i) => (
          <ActionEditor
            key={i}
            doc={draft.doc}
            form={form}
            action={a}
            index={i}
            // Problems inside the action show at their controls, as in the automations designer.
            at={`${nodePointer(pi, ni)}/actions/${i}`}
            problems={problems[i] ?? []}
            onChange={(next) => draft.edit((d) => updateNodeAction(d, pi, nodeKey, i, next))}
            onRemove={!readOnly && actions.length > 1 ? () => draft.edit((d) => removeNodeAction(d, pi, nodeKey, i)) : undefined}
          />
        ))}
        {!readOnly && actions.length < MAX_NODE_ACTIONS && (
          <Dropdown
            menu={{
              items: ACTION_TYPES.map((type) => ({ key: type, label: <span data-testid={`flow-action-add-${type}`}>{t(`actions.${type}`)}</span> })),
              onClick: ({ key }) => draft.edit((d) => addNodeAction(d, pi, nodeKey, defaultAction(key as ActionType, other))),
            }}
          >
            <Button size="small" icon={<PlusOutlined />} data-testid="flow-action-add">{t('addAction')}</Button>
          </Dropdown>
        )}
      </div>
    </ConfigProvider>
  );
}

/** The settings of the flow as a whole, shown when nothing is selected. */
NodePanel.Pipeline = function PipelinePanel({ pi, readOnly }: { pi: number; readOnly: boolean }) {
  const { t } = useFlowT();
  const draft = useDraft();
  const p = pipelineAt(draft.doc, pi);
  if (!p) return null;
  const set = (patch: Record<string, Json | undefined>) => draft.edit((d) => updatePipeline(d, pi, patch));
  return (
    <div data-testid="flow-pipeline-settings">
      <div className="fl-flow-muted">{t('panel.nothing')}</div>
      <Section title={t('panel.pipelineSettings')}>
        <NameInputs value={p.name} onChange={(name) => set({ name })} readOnly={readOnly} zhLabel={t('panel.flowNameZh')} enLabel={t('panel.flowNameEn')} testid="flow-pipeline-name" />
        <div className="fl-flow-row">
          <span style={{ width: 110 }}>{t('panel.resubmit')}</span>
          <Select style={{ flex: 1 }} value={String(p.resubmit ?? 'restart')} disabled={readOnly} onChange={(v: string) => set({ resubmit: v === 'restart' ? undefined : v })} options={['restart', 'returner'].map((r) => ({ value: r, label: t(`resubmit.${r}`) }))} />
        </div>
        <div className="fl-flow-row">
          <span style={{ width: 110 }}>{t('panel.autoStart')}</span>
          <Switch checked={p.autoStart !== false} disabled={readOnly} onChange={(on) => set({ autoStart: on ? undefined : false })} />
        </div>
      </Section>
    </div>
  );
};
