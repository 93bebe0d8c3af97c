import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Select, Space, Typography } from 'antd';
import { useFlowT } from './useFlowT';
import { localized } from '../../../shared/lib/localized';
import { useDraft } from '../store/DraftContext';
import { ConditionEditor } from './ConditionEditor';
import type { FlowField } from './conditions';
import type { FlowSelection } from './FlowDesigner';
import { addBranch, deleteBranch, edgePointer, moveBranch, nodeOf, pipelineAt, reconnect, setWhen, targetsFor } from './model';

/**
 * BranchPanel is the settings of a selected edge: for a condition's branch its rule (built,
 * compiled, in words) and its order; for any branch of a split, adding a sibling or deleting it;
 * for every edge, where it leads (only to nodes that keep the flow well formed).
 */
export function BranchPanel({ pi, ei, fields, readOnly, onSelect }: { pi: number; ei: number; fields: FlowField[]; readOnly: boolean; onSelect: (s: FlowSelection) => void }) {
  const { t, i18n } = useFlowT();
  const draft = useDraft();
  const { message } = App.useApp();
  const p = pipelineAt(draft.doc, pi)!;
  const e = p.edges[ei]!;
  const from = nodeOf(p, e.from)!;
  const split = from.type === 'condition' || from.type === 'parallel';
  const problems = draft.problemsAt(edgePointer(pi, ei));
  const name = (k: string) => localized(nodeOf(p, k)?.name as Record<string, string> | undefined, i18n.language) || k;
  const targets = readOnly ? [] : targetsFor(draft.doc, pi, ei);
  const refuse = (code: string) => message.warning(t(`refused.${code}`));
  return (
    <div data-testid={`flow-edge-panel-${e.from}-${e.to}`}>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {split ? t('branchOf', { name: name(e.from) }) : `${name(e.from)} → ${name(e.to)}`}
      </Typography.Title>
      {problems.length > 0 && <Alert type="error" showIcon message={t('panel.problems')} description={problems.map((x) => <div key={x.pointer + x.code}>{x.message}</div>)} data-testid="flow-edge-problems" />}
      {from.type === 'condition' && !e.else && (
        <div className="fl-flow-section">
          <div className="fl-flow-section-title">{t('panel.condition')}</div>
          <ConditionEditor key={ei} when={typeof e.when === 'string' ? e.when : ''} fields={fields} readOnly={readOnly} onChange={(when) => draft.edit((d) => setWhen(d, pi, ei, when))} />
          {!readOnly && (
            <Space style={{ marginTop: 8 }}>
              <Button size="small" icon={<ArrowUpOutlined />} onClick={() => { draft.edit((d) => moveBranch(d, pi, ei, -1)); onSelect(undefined); }}>{t('moveUp')}</Button>
              <Button size="small" icon={<ArrowDownOutlined />} onClick={() => { draft.edit((d) => moveBranch(d, pi, ei, 1)); onSelect(undefined); }}>{t('moveDown')}</Button>
            </Space>
          )}
        </div>
      )}
      {from.type === 'condition' && e.else && <Alert type="info" style={{ marginTop: 8 }} message={t('else')} />}
      {!readOnly && (
        <div className="fl-flow-section">
          <div className="fl-flow-row">
            <span>{t('reconnect')}</span>
            <Select
              style={{ minWidth: 180 }}
              value={e.to}
              onChange={(to: string) => {
                const r = reconnect(draft.doc, pi, ei, to);
                if (r.refused) return refuse(r.refused);
                draft.edit((d) => reconnect(d, pi, ei, to).doc);
              }}
              options={[e.to, ...targets].map((k) => ({ value: k, label: name(k) }))}
              data-testid="flow-reconnect"
            />
          </div>
          {split && (
            <Space wrap>
              <Button
                size="small"
                icon={<PlusOutlined />}
                onClick={() => {
                  const r = addBranch(draft.doc, pi, e.from);
                  if (!r.key) return refuse('would_break');
                  draft.edit((d) => addBranch(d, pi, e.from).doc);
                  onSelect({ node: r.key });
                }}
                data-testid="flow-add-branch"
              >
                {t('addBranch')}
              </Button>
              <Button
                size="small"
                danger
                icon={<DeleteOutlined />}
                onClick={() => {
                  const r = deleteBranch(draft.doc, pi, ei);
                  if (r.refused) return refuse(r.refused);
                  draft.edit((d) => deleteBranch(d, pi, ei).doc);
                  onSelect(undefined);
                }}
                data-testid="flow-delete-branch"
              >
                {t('deleteBranch')}
              </Button>
            </Space>
          )}
        </div>
      )}
    </div>
  );
}
