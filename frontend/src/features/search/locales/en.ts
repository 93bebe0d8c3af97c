/** English texts of the search across apps (namespace "search"). zh-CN.ts has the same keys. */
export const searchEn = {
  open: 'Search',
  placeholder: 'Search records in every app',
  title: 'Search',
  allApps: 'All apps',
  app: 'App',
  created: 'Created',
  from: 'From',
  to: 'To',
  empty: 'Nothing found',
  hint: 'Type a name, a number or any part of a word, in any app you can read.',
  partial: 'Showing the first matches; narrow the search to see more.',
  failed: 'The search failed',
  in: 'in {{field}}',
};
