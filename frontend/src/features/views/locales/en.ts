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
  calendar: 'Calendar',
  calendarNoDate: 'This calendar\'s date field is not one you can see.',
  calendarMore_one: 'The month holds more records than the calendar shows: it shows the first {{count}}.',
  calendarMore_other: 'The month holds more records than the calendar shows: it shows the first {{count}}.',
  noValue: 'No value',
  emptyColumn: 'No records',
  moreInColumn: '{{count}} more',
  fileCount_one: '{{count}} file',
  fileCount_other: '{{count}} files',
  updated: 'Updated',
};
