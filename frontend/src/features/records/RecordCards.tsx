import { Card, List, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { RecordItem } from '../../shared/api/types';

/** One line of a record's card: a field's label and its value as shown. */
export interface CardLine {
  key: string;
  label: string;
  value: ReactNode;
}

export interface RecordCardsProps {
  items: RecordItem[];
  loading: boolean;
  emptyText: string;
  /** The list's test ID and each card's. */
  testId: string;
  cardTestId: string;
  title: (r: RecordItem) => ReactNode;
  extra?: (r: RecordItem) => ReactNode;
  /** The lines under the title, in order: the first three with a value are shown, so a
   * record whose first fields are empty still shows what it holds. */
  lines: (r: RecordItem) => CardLine[];
  /** What else the card shows under its lines (the record's stage). */
  footer?: (r: RecordItem) => ReactNode;
  onOpen: (r: RecordItem) => void;
}

const CARD_LINES = 3;

/**
 * RecordCards lists records as cards, the phone's form of a records table (the data tab's and a
 * table view's alike): a title, a few fields as label and value, and a tap opens the record.
 */
export function RecordCards({ items, loading, emptyText, testId, cardTestId, title, extra, lines, footer, onOpen }: RecordCardsProps) {
  return (
    <List<RecordItem>
      dataSource={items}
      loading={loading}
      locale={{ emptyText }}
      data-testid={testId}
      renderItem={(r) => (
        <Card size="small" className="fl-record-card" hoverable onClick={() => onOpen(r)} data-testid={cardTestId} title={title(r)} extra={extra?.(r)}>
          {lines(r)
            .filter((l) => l.value !== '' && l.value !== null && l.value !== undefined)
            .slice(0, CARD_LINES)
            .map((l) => (
              <div key={l.key} className="fl-record-card-field">
                <Typography.Text type="secondary">{l.label}: </Typography.Text>
                {l.value}
              </div>
            ))}
          {footer?.(r)}
        </Card>
      )}
    />
  );
}
