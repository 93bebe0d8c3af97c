/** English texts of the inbox (namespace "inbox"). zh-CN.ts has the same keys. */
export const inboxEn = {
  title: 'Inbox',
  tabs: {
    todo: 'To do',
    done: 'Done',
    cc: 'CC',
    mine: 'Started by me',
  },
  empty: 'Nothing here',
  app: 'App',
  record: 'Record',
  step: 'Step',
  received: 'Received',
  dueAt: 'Due {{time}}',
  actedAt: 'Acted on',
  loadMore: 'Load more',
  approveSelected: 'Approve selected',
  bulkTitle: 'Approve {{count}} selected',
  bulkComment: 'Comment for all (optional)',
  bulkDone: '{{count}} approved',
  bulkFailed: '{{count}} could not be approved; open them to decide one by one:',
  bulkNoResult: 'No answer for this record',
};
