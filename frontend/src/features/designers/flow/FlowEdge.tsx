import { PlusOutlined, WarningOutlined } from '@ant-design/icons';
import { BaseEdge, EdgeLabelRenderer, getSmoothStepPath, type Edge, type EdgeProps } from '@xyflow/react';
import { Button, Dropdown, Tooltip } from 'antd';
import { useFlowT } from './useFlowT';
import { INSERTABLE, type InsertableType } from './model';
import { bentPath } from './layout';

export interface EdgeData extends Record<string, unknown> {
  index: number;
  from: string;
  to: string;
  /** A condition branch's rule in words, "Otherwise", or '' for a plain edge. */
  label: string;
  branch: boolean;
  /** The branch may end the run (a condition's, not its else): "+" offers an end. */
  canEnd: boolean;
  /** Points it passes between its ends when it spans ranks (layout's bends): it goes round the cards there. */
  bends?: { x: number; y: number }[];
  problems: string[];
  selected: boolean;
  readOnly: boolean;
  onInsert: (index: number, type: InsertableType) => void;
  onSelect: (index: number) => void;
}

export type FlowEdgeType = Edge<EdgeData>;

/**
 * FlowEdge draws an edge with what it carries: a branch's condition in words (click to edit),
 * its problems, and the "+" that inserts a step on it.
 */
export function FlowEdge({ id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, markerEnd }: EdgeProps<FlowEdgeType>) {
  const { t } = useFlowT();
  const [stepPath, stepX, stepY] = getSmoothStepPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, borderRadius: 8 });
  const bent = data?.bends && data.bends.length > 0 ? bentPath(sourceX, sourceY, data.bends, targetX, targetY) : undefined;
  const [path, labelX, labelY] = bent ? [bent.path, bent.labelX, bent.labelY] : [stepPath, stepX, stepY];
  if (!data) return <BaseEdge id={id} path={path} markerEnd={markerEnd} />;
  const bad = data.problems.length > 0;
  const types = INSERTABLE.filter((x) => x !== 'end' || data.canEnd);
  // A branch label sits near where the branch leaves its split; the "+" sits mid-way.
  const labelAtY = data.branch ? sourceY + 28 : labelY;
  const labelAtX = data.branch ? (data.bends?.[0]?.x ?? targetX) : labelX;
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} style={{ stroke: bad ? '#ff4d4f' : data.selected ? '#1677ff' : '#b1b1b7', strokeWidth: data.selected ? 2 : 1.5 }} />
      <EdgeLabelRenderer>
        {data.branch && (
          <div
            className={`fl-flow-edge-label nodrag nopan${bad ? ' fl-flow-edge-bad' : ''}${data.selected ? ' fl-flow-edge-selected' : ''}`}
            style={{ transform: `translate(-50%, -50%) translate(${labelAtX}px, ${labelAtY}px)` }}
            onClick={() => data.onSelect(data.index)}
            data-testid={`flow-branch-${data.from}-${data.to}`}
          >
            {bad && <WarningOutlined style={{ color: '#ff4d4f', marginRight: 4 }} />}
            {data.label}
          </div>
        )}
        {!data.branch && bad && (
          <Tooltip title={data.problems.join(' ')}>
            <div className="fl-flow-edge-label fl-flow-edge-bad nodrag nopan" style={{ transform: `translate(-50%, -50%) translate(${labelX + 60}px, ${labelY}px)` }} onClick={() => data.onSelect(data.index)}>
              <WarningOutlined /> {data.problems[0]}
            </div>
          </Tooltip>
        )}
        {!data.readOnly && (
          <div className="fl-flow-edge-plus nodrag nopan" style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${data.branch ? labelY + 14 : labelY}px)` }}>
            <Dropdown
              trigger={['click']}
              menu={{
                items: types.map((type) => ({
                  key: type,
                  label: (
                    <span data-testid={`flow-insert-${type}`}>
                      <b>{t(`types.${type}`)}</b> <span className="fl-flow-muted">{t(`typeHints.${type}`)}</span>
                    </span>
                  ),
                })),
                onClick: ({ key }) => data.onInsert(data.index, key as InsertableType),
              }}
            >
              <Button size="small" shape="circle" icon={<PlusOutlined />} aria-label={t('insert')} title={t('insert')} data-testid={`flow-plus-${data.from}-${data.to}`} />
            </Dropdown>
          </div>
        )}
      </EdgeLabelRenderer>
    </>
  );
}
