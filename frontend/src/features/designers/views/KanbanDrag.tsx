import { DndContext, PointerSensor, pointerWithin, useDraggable, useDroppable, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core';
import { App } from 'antd';
import { useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useApi } from '../../../shared/api/ApiContext';
import type { RecordItem, ViewDef } from '../../../shared/api/types';
import { useAuth } from '../../../app/auth/AuthContext';
import { errorMessage } from '../../../shared/lib/apiErrors';
import { recordPath } from '../../../shared/hooks/useWorkspaceData';
import { cardMove } from './model';
import { stageMove, type PipelineWithEdges } from './stageMove';

interface CardData {
  record: RecordItem;
  from: string;
}

/**
 * KanbanDnd lets a member drag cards between the columns of a kanban view. On a board by a
 * select field the drop writes the field (with the record's version, so a stale card is
 * refused); a refused move leaves the card where it was and shows the server's reason. On a
 * board by stage the drop offers the pipeline action that moves the record there (approve
 * or complete the member's step, return to an earlier one, submit a draft); a drop no
 * action stands for snaps back with the reason in words.
 */
export function KanbanDnd({ ws, app, view, pipeline, onMoved, children }: { ws: string; app: string; view: ViewDef; pipeline?: PipelineWithEdges; onMoved: () => void; children: ReactNode }) {
  const { t } = useTranslation('designerViews');
  const api = useApi();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const { user } = useAuth();
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 6 } }));

  const onDragEnd = async (e: DragEndEvent) => {
    const data = e.active.data.current as CardData | undefined;
    if (!data || !e.over) return;
    const move = cardMove(view.groupBy, data.from, String(e.over.id));
    if (move.kind === 'none') return;
    if (move.kind === 'stage') {
      const open = () => navigate(recordPath(ws, app, view.form, data.record.id));
      const step = stageMove(data.record, user?.id ?? '', pipeline, move.to);
      if (step.kind === 'refuse') {
        modal.info({
          title: t('board.refusedTitle', { stage: move.to }),
          content: t(`board.refused.${step.reason}`),
          okText: t('board.close'),
        });
        return;
      }
      const action = step.kind === 'return' ? 'return' : step.action;
      modal.confirm({
        title: t(`board.offer.${action}`, { stage: move.to }),
        content: t('board.offerHint', { from: data.from || t('board.draft'), stage: move.to }),
        okText: t(`board.action.${action}`),
        cancelText: t('board.cancel'),
        okButtonProps: { 'data-testid': 'kanban-stage-act' } as Record<string, string>,
        onOk: async () => {
          try {
            await api.act(ws, app, view.form, data.record.id, action, step.kind === 'return' ? { node: step.node, to: step.to } : { node: step.node });
            message.success(t('board.acted', { stage: move.to }));
            onMoved();
          } catch (err) {
            // Refused (fields the step requires, a stale card): the card stays; the record
            // page asks for what is missing.
            modal.confirm({ title: t('board.actFailed'), content: errorMessage(err), okText: t('board.open'), cancelText: t('board.close'), onOk: open });
          }
        },
      });
      return;
    }
    try {
      await api.client.patch<RecordItem>(
        `/workspaces/${encodeURIComponent(ws)}/apps/${encodeURIComponent(app)}/forms/${encodeURIComponent(view.form)}/records/${encodeURIComponent(data.record.id)}`,
        move.patch,
        { headers: { 'If-Match': String(data.record.version) } },
      );
      message.success(t('board.moved'));
      onMoved();
    } catch (err) {
      message.error(errorMessage(err));
    }
  };

  // The card follows the pointer, so the release lands on the card's link: the click that
  // ends a drag must not open the record. It is swallowed from the drag's start until just
  // after its end.
  const swallowClicks = () => {
    const swallow = (ev: MouseEvent) => {
      ev.preventDefault();
      ev.stopPropagation();
    };
    window.addEventListener('click', swallow, true);
    return () => window.setTimeout(() => window.removeEventListener('click', swallow, true), 250);
  };
  const release = useRef<() => void>(() => undefined);

  return (
    <DndContext
      sensors={sensors}
      // The column under the pointer is the one dropped on (not the one the card overlaps most).
      collisionDetection={pointerWithin}
      onDragStart={() => {
        release.current = swallowClicks();
      }}
      onDragCancel={() => release.current()}
      onDragEnd={(e) => {
        release.current();
        void onDragEnd(e);
      }}
    >
      {children}
    </DndContext>
  );
}

/** KanbanColumnDrop makes a column a drop target, highlighted while a card is over it. */
export function KanbanColumnDrop({ value, className, children, testId }: { value: string; className: string; children: ReactNode; testId?: string }) {
  const { setNodeRef, isOver } = useDroppable({ id: value, disabled: value === '' });
  return (
    <div ref={setNodeRef} className={className} data-testid={testId} data-group={value} style={isOver ? { outline: '2px dashed #1677ff', outlineOffset: 2 } : undefined}>
      {children}
    </div>
  );
}

/** KanbanCardDrag makes a card draggable; it snaps back unless the move is accepted. */
export function KanbanCardDrag({ record, from, children }: { record: RecordItem; from: string; children: ReactNode }) {
  const { attributes, listeners, setNodeRef, transform, isDragging } = useDraggable({ id: record.id, data: { record, from } satisfies CardData });
  const style = transform ? { transform: `translate3d(${transform.x}px, ${transform.y}px, 0)`, zIndex: 10, position: 'relative' as const, opacity: isDragging ? 0.85 : 1 } : undefined;
  return (
    <div
      ref={setNodeRef}
      style={style}
      {...listeners}
      {...attributes}
      data-testid="kanban-drag"
    >
      {children}
    </div>
  );
}
