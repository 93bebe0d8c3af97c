/** English texts of the dashboards an app shows (namespace "dashboards"). zh-CN.ts has the same keys. */
export const dashboardsEn = {
  none: 'This app has no dashboards',
  noData: 'No data',
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
