import { HolderOutlined } from '@ant-design/icons';
import { useDroppable } from '@dnd-kit/core';
import { SortableContext, useSortable, rectSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { Badge, Empty, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldView } from './designer';

/** The drop target id of the list itself (a drop below the last field). */
export const LIST_ID = 'designer-fields';

interface RowProps {
  field: FieldView;
  selected: boolean;
  problems: number;
  onSelect: () => void;
  below?: ReactNode;
  width?: string;
  section?: string;
}

function FieldRow({ field, selected, problems, onSelect, below, width = 'full', section }: RowProps) {
  const { t, i18n } = useTranslation();
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id: field.key });
  const zh = i18n.language.toLowerCase().startsWith('zh');
  const label = (zh ? field.label.zh || field.label.en : field.label.en || field.label.zh) || field.key;
  const typeName = field.type ? t(`types.${field.type}`, { ns: 'designers', defaultValue: field.type }) : '?';
  const classes = ['fl-designer-field'];
  if (selected) classes.push('fl-designer-field-selected');
  if (problems > 0) classes.push('fl-designer-field-error');
  return (
    <div ref={setNodeRef} className={`fl-canvas-w-${width}`} style={{ transform: CSS.Transform.toString(transform), transition, opacity: isDragging ? 0.6 : 1 }}>
    <div className={classes.join(' ')} onClick={onSelect} data-testid={`designer-field-${field.key}`}>
      <span className="fl-designer-handle" {...attributes} {...listeners} aria-label={t('drag', { ns: 'designers' })}>
        <HolderOutlined />
      </span>
      <span className="fl-designer-field-label">
        {label}
        {field.required && <span className="fl-designer-required">*</span>}
      </span>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {field.key}
      </Typography.Text>
      {section && (
        <Tag color="geekblue" style={{ marginInlineStart: 'auto' }} data-testid={`designer-field-section-${field.key}`}>
          {section}
        </Tag>
      )}
      <Tag style={section ? undefined : { marginInlineStart: 'auto' }}>{typeName}</Tag>
      {problems > 0 && <Badge count={problems} title={t('fieldProblems', { ns: 'designers', count: problems })} />}
    </div>
    {below}
    </div>
  );
}

interface Props {
  fields: FieldView[];
  selected?: string;
  problems: Map<string, number>;
  onSelect: (key: string) => void;
  /** What is shown under a field's row (a sub-form's columns). */
  renderBelow?: (field: FieldView) => ReactNode;
  /** A field's layout width, shown as laid out in the form. */
  widthOf?: (key: string) => string;
  /** The title of the section a field is in, shown on its row. */
  sectionOf?: (key: string) => string | undefined;
}

/** FieldList shows a form's fields in display order; rows are dragged by their handle to reorder. */
export function FieldList({ fields, selected, problems, onSelect, renderBelow, widthOf, sectionOf }: Props) {
  const { t } = useTranslation();
  const { setNodeRef, isOver } = useDroppable({ id: LIST_ID });
  return (
    <div ref={setNodeRef} className={`fl-designer-fields${isOver ? ' fl-designer-fields-over' : ''}`} data-testid="designer-fields">
      <div className="fl-canvas-grid">
      <SortableContext items={fields.map((f) => f.key)} strategy={rectSortingStrategy}>
        {fields.map((f) => (
          <FieldRow key={f.key} field={f} selected={f.key === selected} problems={problems.get(f.key) ?? 0} onSelect={() => onSelect(f.key)} below={renderBelow?.(f)} width={widthOf?.(f.key)} section={sectionOf?.(f.key)} />
        ))}
      </SortableContext>
      </div>
      {fields.length === 0 && <Empty description={t('noFields', { ns: 'designers' })} />}
    </div>
  );
}
