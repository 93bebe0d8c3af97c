import { Space, Table } from 'antd';
import type { TableProps } from 'antd/es/table';
import type { ReactNode } from 'react';
import { CursorPager, type CursorPages } from './CursorPager';

interface PagingProps {
  pages: CursorPages;
  /** The shown page's next cursor ("" on the last page). */
  next: string;
  /** Shown at the start of the pager's row (a page-size choice); without it the row holds only the pager. */
  pagerStart?: ReactNode;
}

/** PagerBar is the row under a paged list: an optional control on the left, Previous / Next on the right. */
export function PagerBar({ pages, next, pagerStart }: PagingProps) {
  if (pagerStart === undefined) return <CursorPager pages={pages} next={next} />;
  return (
    <Space style={{ marginTop: 12, justifyContent: 'space-between', width: '100%' }} wrap>
      {pagerStart}
      <CursorPager pages={pages} next={next} />
    </Space>
  );
}

/**
 * PagedTable shows one page of a list paged with the API's cursors, the pager under it. The
 * table is the lists' usual one (middle size, no page numbers of its own, scrolling sideways
 * when the columns are wide); any Table prop is passed on.
 */
export function PagedTable<T extends object>({ pages, next, pagerStart, ...table }: PagingProps & Omit<TableProps<T>, 'pagination'>) {
  return (
    <>
      <Table<T> size="middle" pagination={false} scroll={{ x: 'max-content' }} {...table} />
      <PagerBar pages={pages} next={next} pagerStart={pagerStart} />
    </>
  );
}
