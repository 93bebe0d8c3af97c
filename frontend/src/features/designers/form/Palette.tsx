import { useDraggable } from '@dnd-kit/core';
import { Button, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { PALETTE, type PaletteType } from './designer';

/** The id prefix of palette items among the drag-and-drop ids (field keys never contain ':'). */
export const PALETTE_ID = 'palette:';

function PaletteItem({ type, onAdd }: { type: PaletteType; onAdd: (type: PaletteType) => void }) {
  const { t } = useTranslation();
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: PALETTE_ID + type, data: { type } });
  return (
    <Button
      ref={setNodeRef}
      block
      className="fl-designer-palette-item"
      style={{ opacity: isDragging ? 0.5 : 1 }}
      onClick={() => onAdd(type)}
      data-testid={`palette-${type}`}
      {...attributes}
      {...listeners}
    >
      {t(`types.${type}`, { ns: 'designers' })}
    </Button>
  );
}

/** Palette lists the field types: a click adds one at the end, a drag drops one where it lands. */
export function Palette({ onAdd }: { onAdd: (type: PaletteType) => void }) {
  const { t } = useTranslation();
  return (
    <div className="fl-designer-palette" data-testid="designer-palette">
      <Typography.Title level={5}>{t('palette', { ns: 'designers' })}</Typography.Title>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('paletteHint', { ns: 'designers' })}
      </Typography.Paragraph>
      <div className="fl-designer-palette-grid">
        {PALETTE.map((type) => (
          <PaletteItem key={type} type={type} onAdd={onAdd} />
        ))}
      </div>
    </div>
  );
}
