import {
  ApartmentOutlined,
  AuditOutlined,
  BranchesOutlined,
  CheckCircleOutlined,
  FormOutlined,
  MergeCellsOutlined,
  PlayCircleOutlined,
  SendOutlined,
  ThunderboltOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { Handle, Position, type NodeProps, type Node } from '@xyflow/react';
import { Tag, Tooltip } from 'antd';
import type { ComponentType, ReactNode } from 'react';
import { useFlowT } from './useFlowT';
import type { NodeJson } from './model';

/** What every node card gets: the node, its words worked out by the designer, its problems. */
export interface CardData extends Record<string, unknown> {
  node: NodeJson;
  title: string;
  who: string;
  due: string;
  mode: string;
  fields: string;
  extra: string;
  problems: string[];
  selected: boolean;
}

export type CardNode = Node<CardData>;

function Card({ data, icon, color, children }: { data: CardData; icon: ReactNode; color: string; children?: ReactNode }) {
  const { t } = useFlowT();
  const bad = data.problems.length > 0;
  return (
    <div
      className={`fl-flow-card${data.selected ? ' fl-flow-card-selected' : ''}${bad ? ' fl-flow-card-bad' : ''}`}
      style={{ borderTopColor: color }}
      data-testid={`flow-node-${data.node.key}`}
      data-type={data.node.type}
    >
      {/* The top handle only receives the end of an edge dragged here (reconnecting it): React
          Flow accepts a drop only on a connectable handle. No edge is ever drawn from it. */}
      <Handle type="target" position={Position.Top} isConnectable isConnectableStart={false} />
      <div className="fl-flow-card-head" style={{ color }}>
        {icon}
        <span className="fl-flow-card-title">{data.title}</span>
        <span className="fl-flow-card-type">{t(`types.${data.node.type}`)}</span>
      </div>
      {children}
      {bad && (
        <Tooltip title={data.problems.join(' ')}>
          <div className="fl-flow-card-problem" data-testid={`flow-node-problem-${data.node.key}`}>
            <WarningOutlined /> {data.problems[0]}
            {data.problems.length > 1 && ` (+${data.problems.length - 1})`}
          </div>
        </Tooltip>
      )}
      <Handle type="source" position={Position.Bottom} isConnectable={false} isConnectableStart={false} />
    </div>
  );
}

function Line({ label, value }: { label: string; value: string }) {
  if (!value) return null;
  return (
    <div className="fl-flow-card-line">
      <span className="fl-flow-card-label">{label}</span> {value}
    </div>
  );
}

function PeopleCard({ data, icon, color }: { data: CardData; icon: ReactNode; color: string }) {
  const { t } = useFlowT();
  return (
    <Card data={data} icon={icon} color={color}>
      <Line label={data.node.type === 'cc' ? t('card.copyTo') : t('card.who')} value={data.who || t('card.nobody')} />
      {data.mode && <Tag className="fl-flow-card-tag">{data.mode}</Tag>}
      <Line label={t('card.deadline')} value={data.due} />
      {data.fields && <div className="fl-flow-card-line fl-flow-card-muted">{data.fields}</div>}
    </Card>
  );
}

const ApprovalNode = ({ data }: NodeProps<CardNode>) => <PeopleCard data={data} icon={<AuditOutlined />} color="#fa8c16" />;
const TaskNode = ({ data }: NodeProps<CardNode>) => <PeopleCard data={data} icon={<FormOutlined />} color="#1677ff" />;
const CcNode = ({ data }: NodeProps<CardNode>) => <PeopleCard data={data} icon={<SendOutlined />} color="#13c2c2" />;
const StartNode = ({ data }: NodeProps<CardNode>) => (
  <Card data={data} icon={<PlayCircleOutlined />} color="#52c41a">
    {data.fields && <div className="fl-flow-card-line fl-flow-card-muted">{data.fields}</div>}
  </Card>
);
const EndNode = ({ data }: NodeProps<CardNode>) => <Card data={data} icon={<CheckCircleOutlined />} color="#8c8c8c">{data.extra && <div className="fl-flow-card-line">{data.extra}</div>}</Card>;
const ConditionNode = ({ data }: NodeProps<CardNode>) => <Card data={data} icon={<BranchesOutlined />} color="#722ed1" />;
const ParallelNode = ({ data }: NodeProps<CardNode>) => <Card data={data} icon={<ApartmentOutlined />} color="#2f54eb" />;
const JoinNode = ({ data }: NodeProps<CardNode>) => <Card data={data} icon={<MergeCellsOutlined />} color="#2f54eb" />;
const AutomationNode = ({ data }: NodeProps<CardNode>) => (
  <Card data={data} icon={<ThunderboltOutlined />} color="#eb2f96">
    <div className="fl-flow-card-line">{data.extra}</div>
  </Card>
);

/** One card component per node type: the canvas draws each node with its type's card. */
export const NODE_COMPONENTS: Record<string, ComponentType<NodeProps<CardNode>>> = {
  start: StartNode,
  task: TaskNode,
  approval: ApprovalNode,
  condition: ConditionNode,
  parallel: ParallelNode,
  join: JoinNode,
  automation: AutomationNode,
  cc: CcNode,
  end: EndNode,
};
