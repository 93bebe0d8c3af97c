import { Checkbox, Empty, Spin, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { InboxItem } from '../../shared/api/types';
import './inbox.css';

/** What a card shows of an item, worked out by the list that knows the apps and people. */
export interface CardText {
  /** The app's name and the record's serial number ("线索管理 · XS-2026-00010"). */
  head: string;
  title: string;
  step: string;
  /** Who sent it and when ("李收集 · 12月6日 22:48"). */
  sub: string;
  /** The due time as the card shows it; '' when the item has none. */
  due: string;
  /** The whole name, for the checkbox's label. */
  name: string;
}

interface Props {
  items: InboxItem[];
  loading: boolean;
  text: (it: InboxItem) => CardText;
  href: (it: InboxItem) => string;
  /** Present in the to-do box: each card then has a checkbox for the bulk approval. */
  selection?: { selected: string[]; onChange: (ids: string[]) => void };
  labels: { empty: string; due: (time: string) => string; overdue: string; selectAll: string };
}

/**
 * InboxCards is the inbox on a phone: one card per item, the whole card a link to the record,
 * the record's title on a line of its own. A table's columns left the title two words wide
 * and the due time on three lines.
 */
export function InboxCards({ items, loading, text, href, selection, labels }: Props) {
  if (items.length === 0) {
    return loading ? (
      <div className="fl-inbox-cards-loading">
        <Spin />
      </div>
    ) : (
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={labels.empty} />
    );
  }
  const toggle = (id: string, on: boolean) => {
    if (!selection) return;
    const rest = selection.selected.filter((x) => x !== id);
    selection.onChange(on ? [...rest, id] : rest);
  };
  const all = selection !== undefined && items.every((it) => selection.selected.includes(it.id));
  const some = selection !== undefined && !all && items.some((it) => selection.selected.includes(it.id));
  return (
    <Spin spinning={loading}>
      {selection && (
        <Checkbox
          className="fl-inbox-cards-all"
          checked={all}
          indeterminate={some}
          onChange={(e) => selection.onChange(e.target.checked ? items.map((it) => it.id) : [])}
          data-testid="inbox-select-all"
        >
          {labels.selectAll}
        </Checkbox>
      )}
      <ul className="fl-inbox-cards" data-testid="inbox-cards">
        {items.map((it) => {
          const c = text(it);
          return (
            <li key={it.id} className={`fl-inbox-card${it.overdue ? ' fl-inbox-card-overdue' : ''}`} data-testid="inbox-card">
              {selection && (
                <Checkbox
                  className="fl-inbox-card-check"
                  checked={selection.selected.includes(it.id)}
                  onChange={(e) => toggle(it.id, e.target.checked)}
                  aria-label={c.name}
                />
              )}
              <Link to={href(it)} className="fl-inbox-card-link" data-testid="inbox-link">
                <span className="fl-inbox-card-top">
                  <Typography.Text type="secondary" className="fl-inbox-card-head">
                    {c.head}
                  </Typography.Text>
                  {c.step && (
                    <Tag color="blue" bordered={false} className="fl-inbox-card-step">
                      {c.step}
                    </Tag>
                  )}
                </span>
                {c.title && <span className="fl-inbox-card-title">{c.title}</span>}
                <span className="fl-inbox-card-bottom">
                  <Typography.Text type="secondary" className="fl-inbox-card-sub" data-testid="inbox-sub">
                    {c.sub}
                  </Typography.Text>
                  {c.due && (
                    <Typography.Text type={it.overdue ? 'danger' : 'secondary'} className="fl-inbox-card-due" data-testid="inbox-due">
                      {it.overdue ? `${labels.overdue} · ${c.due}` : labels.due(c.due)}
                    </Typography.Text>
                  )}
                </span>
              </Link>
            </li>
          );
        })}
      </ul>
    </Spin>
  );
}
