/** English texts of the views an app shows, its board and table (namespace "views"). zh-CN.ts has the same keys. */
export const viewsEn = {
  sectionsLabel: 'Show',
  sections: {
    records: 'Records',
    views: 'Views',
    dashboards: 'Dashboards',
  },
  none: 'This app has no views',
  kanban: 'Board',
  table: 'Table',
  noValue: 'No value',
  emptyColumn: 'No records',
  moreInColumn: '{{count}} more',
  fileCount_one: '{{count}} file',
  fileCount_other: '{{count}} files',
  updated: 'Updated',
};
