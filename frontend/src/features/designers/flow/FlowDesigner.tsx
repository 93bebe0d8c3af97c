import { ExperimentOutlined, PlusOutlined } from '@ant-design/icons';
import { Background, Controls, MarkerType, ReactFlow, ReactFlowProvider, useReactFlow, type Edge } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { Alert, App, Button, Empty, Select, Space, Tabs } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useFlowT } from './useFlowT';
import { formName, type JsonObject } from '../form/designer';
import { localized } from '../../../shared/lib/localized';
import { usePeople } from '../../../shared/hooks/useWorkspaceData';
import type { DesignerPartProps } from '../registry';
import { useDraft } from '../store/DraftContext';
import { BranchPanel } from './BranchPanel';
import { describe, formFields } from './conditions';
import { FlowEdge, type EdgeData, type FlowEdgeType } from './FlowEdge';
import './flow.css';
import { canvasHeight, place } from './layout';
import { addPipeline, canReconnect, edgePointer, endsBranch, insertNode, nodeOf, nodePointer, pipelineAt, placeOfPointer, reconnect, startFlow, toGraph, type InsertableType, type PipelineJson } from './model';
import { NodePanel } from './NodePanel';
import { NODE_COMPONENTS, type CardNode } from './nodes';
import { SimulatePanel } from './SimulatePanel';
import { dueOf, fieldCounts, fieldLabel, whoOf, type Names } from './summary';

const EDGE_TYPES = { flow: FlowEdge };

/** What is selected on the canvas: a node by key or an edge by its place. */
export type FlowSelection = { node: string } | { edge: number } | undefined;

/**
 * FlowDesigner is the visual flow designer: one tab per pipeline of the app, the flow drawn
 * top-down (laid out automatically), "+" on every edge to insert a step, a settings panel for
 * the selected node or branch, and a "try it" panel asking the server which path a record
 * would take. Every change is a pure model edit through the shared draft (undo, redo, save and
 * publish are the shell's).
 */
export default function FlowDesigner(props: DesignerPartProps) {
  return (
    <ReactFlowProvider>
      <Designer {...props} />
    </ReactFlowProvider>
  );
}

function Designer({ ws, app }: DesignerPartProps) {
  const { t, i18n } = useFlowT();
  const draft = useDraft();
  const { message } = App.useApp();
  const doc = draft.doc;
  const pipelines = (Array.isArray(doc.pipelines) ? doc.pipelines : []) as PipelineJson[];
  const [pi, setPi] = useState(0);
  const [selected, setSelected] = useState<FlowSelection>();
  const [trying, setTrying] = useState(false);
  const [newForm, setNewForm] = useState<string>();
  const people = usePeople(ws);
  const lang = i18n.language;

  // A problem chosen in the shell selects its pipeline and the node or edge it names.
  // It is done in the render that sees a new selection, not in an effect after it.
  const selection = draft.state.selection;
  const [seen, setSeen] = useState<string>();
  if (selection !== seen) {
    setSeen(selection);
    const place = selection ? placeOfPointer(selection) : {};
    if (place.pipeline !== undefined) {
      setPi(place.pipeline);
      const p = pipelineAt(draft.doc, place.pipeline);
      if (place.node !== undefined && p?.nodes[place.node]) setSelected({ node: p.nodes[place.node]!.key });
      else if (place.edge !== undefined) setSelected({ edge: place.edge });
    }
  }

  const p = pipelineAt(doc, pi);
  const graph = useMemo(() => (p ? toGraph(p) : undefined), [p]);
  const readOnly = !!graph?.undrawable;
  const fields = useMemo(() => (p ? formFields(doc, p.form) : []), [doc, p]);
  const names: Names = useMemo(() => {
    const roles = (Array.isArray(doc.roles) ? doc.roles : []) as JsonObject[];
    return {
      member: (id) => people.name(id) ?? id,
      role: (key) => localized(roles.find((r) => r.key === key)?.name as Record<string, string> | undefined, lang) || key,
      field: (key) => fieldLabel(fields, key, lang),
    };
  }, [doc.roles, people, fields, lang]);

  const tr = (key: string, opts?: Record<string, unknown>) => t(key, opts) as string;

  const onInsert = (ei: number, type: InsertableType) => {
    const r = insertNode(draft.doc, pi, ei, type);
    if (!r.key) {
      message.warning(t('refused.would_break'));
      return;
    }
    draft.edit((d) => insertNode(d, pi, ei, type).doc);
    setSelected({ node: r.key });
  };

  const { nodes, edges, height } = useMemo(() => {
    if (!p) return { nodes: [] as CardNode[], edges: [] as FlowEdgeType[], height: 0 };
    const { at, bends } = place(p.nodes, p.edges);
    const height = canvasHeight(p.nodes, at, Math.max(480, window.innerHeight - 260));
    const nodes: CardNode[] = p.nodes.map((n, ni) => {
      const counts = fieldCounts(n.fields);
      const hasFields = counts.edit + counts.required + counts.hidden + counts.read > 0;
      const automations = Array.isArray(n.actions) ? n.actions.length : 0;
      return {
        id: n.key,
        type: n.type in NODE_COMPONENTS ? n.type : 'task',
        position: at[n.key] ?? { x: 0, y: 0 },
        draggable: false,
        data: {
          node: n,
          title: localized(n.name as Record<string, string> | undefined, lang) || n.key,
          who: whoOf(n.assignees, names, tr),
          due: dueOf(n.deadline, names, tr),
          mode: n.type === 'approval' ? tr(`mode.${String(n.mode ?? 'single')}`) + (n.mode === 'percent' ? ` ${String(n.percent ?? '')}%` : '') : '',
          fields: hasFields ? tr('card.fields', counts) : '',
          extra: n.type === 'end' ? tr(`outcome.${String(n.outcome ?? 'approved')}`) : n.type === 'automation' ? tr('card.actions', { count: automations }) : '',
          problems: draft.problemsAt(nodePointer(pi, ni)).map((x) => x.message),
          selected: !!selected && 'node' in selected && selected.node === n.key,
        },
      };
    });
    const edges: FlowEdgeType[] = p.edges.map((e, ei) => {
      const from = nodeOf(p, e.from);
      const branch = from?.type === 'condition';
      const when = typeof e.when === 'string' ? e.when : '';
      const data: EdgeData = {
        index: ei,
        from: e.from,
        to: e.to,
        branch,
        canEnd: endsBranch(p, ei),
        bends: bends[ei],
        label: !branch ? '' : e.else ? t('else') : when ? describe(when, fields, lang) : t('noCondition'),
        problems: draft.problemsAt(edgePointer(pi, ei)).map((x) => x.message),
        selected: !!selected && 'edge' in selected && selected.edge === ei,
        readOnly,
        onInsert,
        onSelect: (i) => setSelected({ edge: i }),
      };
      return { id: `e${ei}`, source: e.from, target: e.to, type: 'flow', data, reconnectable: readOnly ? false : 'target', markerEnd: { type: MarkerType.ArrowClosed } } satisfies Edge<EdgeData>;
    });
    return { nodes, edges, height };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [p, pi, names, fields, lang, draft.state.problems, selected, readOnly]);

  // Problems of the pipeline as a whole (no start, no end, …) are shown above the canvas.
  const flowProblems = draft
    .problemsAt(`/pipelines/${pi}`)
    .filter((x) => { const pl = placeOfPointer(x.pointer); return pl.node === undefined && pl.edge === undefined; });

  const formsWithout = doc.forms.filter((f) => !pipelines.some((q) => q.form === f.key));
  // The form a new flow is for: the one chosen, else the first without a flow (a new app has
  // one form, and nothing to choose).
  const flowFor = newForm && formsWithout.some((f) => f.key === newForm) ? newForm : formsWithout[0] ? String(formsWithout[0].key) : undefined;

  const addFlow = (form: string) => {
    draft.edit((d) => addPipeline(d, form));
    setPi(pipelines.length);
    setSelected(undefined);
  };

  return (
    <div className="fl-flow" data-testid="flow-designer">
      <div className="fl-flow-bar">
        {pipelines.length > 0 && (
          <Tabs
            activeKey={String(pi)}
            onChange={(k) => {
              setPi(Number(k));
              setSelected(undefined);
            }}
            items={pipelines.map((q, i) => ({
              key: String(i),
              label: <span data-testid={`flow-pipeline-${q.key}`}>{localized(q.name as Record<string, string> | undefined, lang) || q.key}</span>,
            }))}
          />
        )}
        <Space wrap>
          {formsWithout.length > 0 && (
            <>
              <span>{t('addFor')}</span>
              <Select
                style={{ minWidth: 160 }}
                value={flowFor}
                onChange={setNewForm}
                options={formsWithout.map((f) => ({ value: String(f.key), label: formName(f, lang) }))}
                data-testid="flow-new-form"
              />
              <Button icon={<PlusOutlined />} disabled={!flowFor} onClick={() => flowFor && addFlow(flowFor)} data-testid="flow-add-pipeline">
                {t('addPipeline')}
              </Button>
            </>
          )}
          {p && p.nodes.length > 0 && (
            <Button icon={<ExperimentOutlined />} onClick={() => setTrying(true)} data-testid="flow-try">
              {t('simulate.open')}
            </Button>
          )}
        </Space>
      </div>

      {!p && <Empty description={t('noPipeline')} />}
      {p && graph?.undrawable && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} data-testid="flow-read-only" message={t('readOnly')} description={t(`undrawable.${graph.undrawable.code}`, { at: graph.undrawable.at })} />
      )}
      {flowProblems.length > 0 && (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} message={t('problemsHere')} description={flowProblems.map((x) => <div key={x.pointer + x.code}>{x.message}</div>)} data-testid="flow-problems" />
      )}
      {p && p.nodes.length === 0 && (
        <Empty description={t('emptyFlow')}>
          <Button type="primary" onClick={() => draft.edit((d) => startFlow(d, pi))} data-testid="flow-start">
            {t('startFlow')}
          </Button>
        </Empty>
      )}
      {p && p.nodes.length > 0 && (
        <div className="fl-flow-body">
          {/* On a desktop the canvas is as tall as the flow needs to be read (the page scrolls);
              a phone keeps a screen-sized canvas, where a finger on it pans the flow. */}
          <div className="fl-flow-canvas" data-testid="flow-canvas" style={window.innerWidth > 900 ? { height } : undefined}>
            <Canvas
              nodes={nodes}
              edges={edges}
              layoutKey={`${pi}:${p.nodes.length}:${p.edges.length}`}
              onNode={(key) => setSelected({ node: key })}
              onPane={() => setSelected(undefined)}
              canDrop={(ei, to) => canReconnect(draft.doc, pi, ei, to)}
              onDrop={(ei, to) => {
                if (!canReconnect(draft.doc, pi, ei, to)) {
                  message.warning(t('refused.would_break'));
                  return;
                }
                draft.edit((d) => reconnect(d, pi, ei, to).doc);
              }}
              onRefused={() => message.warning(t('refused.would_break'))}
            />
          </div>
          <div className="fl-flow-panel" data-testid="flow-panel">
            {selected && 'node' in selected && nodeOf(p, selected.node) ? (
              <NodePanel pi={pi} node={nodeOf(p, selected.node)!} fields={fields} people={people} readOnly={readOnly} onDeleted={() => setSelected(undefined)} />
            ) : selected && 'edge' in selected && p.edges[selected.edge] ? (
              <BranchPanel pi={pi} ei={selected.edge} fields={fields} readOnly={readOnly} onSelect={setSelected} />
            ) : (
              <NodePanel.Pipeline pi={pi} readOnly={readOnly} />
            )}
          </div>
        </div>
      )}
      {p && trying && <SimulatePanel ws={ws} app={app} pipeline={p} fields={fields} names={names} onClose={() => setTrying(false)} />}
    </div>
  );
}

// Dragging an edge's end to another node reconnects it (the "leads to" select of the branch
// panel is the keyboard way); a drop that would break the flow is refused while dragging.
function Canvas({
  nodes,
  edges,
  layoutKey,
  onNode,
  onPane,
  canDrop,
  onDrop,
  onRefused,
}: {
  nodes: CardNode[];
  edges: FlowEdgeType[];
  layoutKey: string;
  onNode: (key: string) => void;
  onPane: () => void;
  canDrop: (ei: number, to: string) => boolean;
  onDrop: (ei: number, to: string) => void;
  onRefused: () => void;
}) {
  const edgeIndex = (id: string) => Number(id.slice(1));
  const dragged = useRef<number>();
  const flow = useReactFlow();
  // Fit the view again when the shape of the flow changes (a node added or removed).
  useEffect(() => {
    const id = window.setTimeout(() => void flow.fitView({ padding: 0.15, maxZoom: 1 }), 50);
    return () => window.clearTimeout(id);
  }, [flow, layoutKey]);
  // And when the window changes size (a phone turned, a narrow window): the flow stays in view.
  useEffect(() => {
    const refit = () => void flow.fitView({ padding: 0.15, maxZoom: 1 });
    window.addEventListener('resize', refit);
    return () => window.removeEventListener('resize', refit);
  }, [flow]);
  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      nodeTypes={NODE_COMPONENTS}
      edgeTypes={EDGE_TYPES}
      nodesDraggable={false}
      nodesConnectable={false}
      edgesReconnectable
      onReconnectStart={(_, edge) => {
        dragged.current = edgeIndex(edge.id);
      }}
      onReconnectEnd={(_, edge, __, end) => {
        dragged.current = undefined;
        // Released on another node's handle that isValidConnection turned down: React Flow
        // snaps the edge back without a word, so the admin is told why here.
        if (!end.isValid && end.toNode && end.toNode.id !== edge.target) onRefused();
      }}
      isValidConnection={(c) => dragged.current === undefined || canDrop(dragged.current, c.target)}
      onReconnect={(old, c) => onDrop(edgeIndex(old.id), c.target)}
      onNodeClick={(_, n) => onNode(n.id)}
      onPaneClick={onPane}
      fitView
      fitViewOptions={{ padding: 0.15, maxZoom: 1 }}
      // The wheel scrolls the page past a canvas as tall as the flow; the controls zoom.
      zoomOnScroll={false}
      preventScrolling={false}
      minZoom={0.2}
      proOptions={{ hideAttribution: true }}
    >
      <Background gap={16} />
      <Controls showInteractive={false} />
    </ReactFlow>
  );
}
