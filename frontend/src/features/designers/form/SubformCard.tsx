import { HolderOutlined, PlusOutlined } from '@ant-design/icons';
import { useDroppable } from '@dnd-kit/core';
import { SortableContext, horizontalListSortingStrategy, useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { Button, Dropdown, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { PALETTE, type FieldView, type PaletteType } from './designer';
import { inRows } from './subform';
import { fieldType } from '../../../fields/registry';

/** Drag-and-drop ids of a sub-form card (its drop zone) and of its columns ("col:items.qty"). */
export const SUB_ID = 'sub:';
export const COL_ID = 'col:';

const labelOf = (f: FieldView, zh: boolean) => (zh ? f.label.zh || f.label.en : f.label.en || f.label.zh) || f.key;

function ColumnChip({ sub, column, selected, problems, onSelect }: { sub: string; column: FieldView; selected: boolean; problems: number; onSelect: () => void }) {
  const { t, i18n } = useTranslation();
  const path = `${sub}.${column.key}`;
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id: COL_ID + path });
  const classes = ['fl-subform-col'];
  if (selected) classes.push('fl-designer-field-selected');
  if (problems > 0) classes.push('fl-designer-field-error');
  return (
    <div
      ref={setNodeRef}
      className={classes.join(' ')}
      style={{ transform: CSS.Transform.toString(transform), transition, opacity: isDragging ? 0.6 : 1 }}
      onClick={(e) => {
        e.stopPropagation();
        onSelect();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && e.target === e.currentTarget) onSelect();
      }}
      tabIndex={0}
      role="button"
      data-testid={`designer-column-${path}`}
    >
      <span className="fl-designer-handle" {...attributes} {...listeners} aria-label={t('drag', { ns: 'designers' })}>
        <HolderOutlined />
      </span>
      <span>
        {labelOf(column, i18n.language.toLowerCase().startsWith('zh'))}
        {column.required && <span className="fl-designer-required">*</span>}
      </span>
      <Typography.Text type="secondary" style={{ fontSize: 11 }}>
        {t(`types.${column.type}`, { ns: 'designers', defaultValue: column.type })}
      </Typography.Text>
    </div>
  );
}

interface Props {
  /** The sub-form's key. */
  sub: string;
  columns: FieldView[];
  /** The selected field or column path. */
  selected?: string;
  problems: Map<string, number>;
  onSelect: (path: string) => void;
  onAdd: (type: PaletteType) => void;
}

/**
 * SubformCard shows a sub-form's columns inside its row on the canvas: a drop zone for palette
 * items, the columns as chips (dragged by their handle to reorder, clicked to edit in the
 * settings panel), a menu to add a column with the keyboard, and a preview of the rows (the
 * column headers over one empty row).
 */
export function SubformCard({ sub, columns, selected, problems, onSelect, onAdd }: Props) {
  const { t, i18n } = useTranslation();
  const { t: tf } = useTranslation('forms');
  const { setNodeRef, isOver } = useDroppable({ id: SUB_ID + sub });
  const zh = i18n.language.toLowerCase().startsWith('zh');
  const types = PALETTE.filter(inRows);
  return (
    <div
      ref={setNodeRef}
      className={`fl-subform-card${isOver ? ' fl-designer-fields-over' : ''}`}
      data-testid={`designer-subform-${sub}`}
      onClick={(e) => e.stopPropagation()}
    >
      <div className="fl-subform-cols">
        <SortableContext items={columns.map((c) => `${COL_ID}${sub}.${c.key}`)} strategy={horizontalListSortingStrategy}>
          {columns.map((c) => (
            <ColumnChip
              key={c.key}
              sub={sub}
              column={c}
              selected={selected === `${sub}.${c.key}`}
              problems={problems.get(`${sub}.${c.key}`) ?? 0}
              onSelect={() => onSelect(`${sub}.${c.key}`)}
            />
          ))}
        </SortableContext>
        <Dropdown
          trigger={['click']}
          menu={{
            items: types.map((type) => ({ key: type, label: <span data-testid={`subform-add-${type}`}>{t(`types.${type}`, { ns: 'designers' })}</span> })),
            onClick: ({ key }) => onAdd(key as PaletteType),
            // Every type a column may be is a long list: it scrolls within the screen rather
            // than running past its top or bottom.
            style: { maxHeight: 'min(360px, 60vh)', overflowY: 'auto' },
          }}
        >
          <Button size="small" type="dashed" icon={<PlusOutlined />} data-testid={`subform-add-${sub}`}>
            {tf('subform.addColumn')}
          </Button>
        </Dropdown>
      </div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {tf('subform.dropHint')}
      </Typography.Text>
      <div className="fl-subform-preview" data-testid={`designer-subform-preview-${sub}`}>
        <table>
          <thead>
            <tr>
              <th>#</th>
              {columns.map((c) => (
                <th key={c.key}>{labelOf(c, zh)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              <td>1</td>
              {columns.map((c) => (
                <td key={c.key}>{fieldType(c.type)?.expression ? <Typography.Text type="secondary">=</Typography.Text> : null}</td>
              ))}
            </tr>
          </tbody>
        </table>
      </div>
    </div>
  );
}
