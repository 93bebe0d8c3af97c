import { Button, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** The state of paging through a list with the API's cursors: cursors[i] opens page i. */
export interface CursorPages {
  /** The cursor of the page shown ("" for the first). */
  cursor: string;
  page: number;
  back: () => void;
  /** Goes to the page `next` (the shown page's next cursor) opens. */
  forward: (next: string) => void;
  /** Goes back to the first page (a new filter or order). */
  reset: () => void;
}

export function useCursorPages(): CursorPages {
  const [cursors, setCursors] = useState<string[]>(['']);
  const [page, setPage] = useState(0);
  return {
    cursor: cursors[page] ?? '',
    page,
    back: () => setPage(Math.max(0, page - 1)),
    forward: (next) => {
      setCursors([...cursors.slice(0, page + 1), next]);
      setPage(page + 1);
    },
    reset: () => {
      setCursors(['']);
      setPage(0);
    },
  };
}

/** CursorPager is the Previous / Next pair under a list paged with cursors. */
export function CursorPager({ pages, next }: { pages: CursorPages; next: string }) {
  const { t } = useTranslation();
  if (pages.page === 0 && !next) return null;
  return (
    <Space style={{ marginTop: 12, justifyContent: 'flex-end', width: '100%' }}>
      <Button disabled={pages.page === 0} onClick={pages.back}>
        {t('common.previous')}
      </Button>
      <Button disabled={!next} onClick={() => pages.forward(next)}>
        {t('common.next')}
      </Button>
    </Space>
  );
}
