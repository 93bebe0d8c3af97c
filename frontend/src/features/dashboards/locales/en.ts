/** English texts of the dashboards an app shows (namespace "dashboards"). zh-CN.ts has the same keys. */
export const dashboardsEn = {
  none: 'This app has no dashboards',
  noData: 'No data',
  noRun: 'Not submitted',
  member: 'Everyone',
  department: 'All departments',
  ops: {
    count: 'Count',
    sum: 'Sum',
    avg: 'Average',
    min: 'Minimum',
    max: 'Maximum',
  },
};
