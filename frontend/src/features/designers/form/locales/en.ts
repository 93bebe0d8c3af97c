/** English texts of the form designer's own parts (namespace "forms"). zh-CN.ts has the same keys. */
export const formsEn = {
  blank: {
    button: 'New blank app',
    title: 'New blank app',
    name: 'App name',
    create: 'Create and design',
    nameRequired: 'Give the app a name.',
  },
  formula: {
    label: 'Formula',
    preview: 'On sample values: {{value}}',
    noValue: '(no value)',
    fn: {
      SUM: 'sum of numbers or a column',
      AVG: 'average',
      MIN: 'smallest',
      MAX: 'largest',
      COUNT: 'number of values or rows',
      ROUND: 'round to n decimals',
      IF: 'IF(condition, then, else)',
      CONCAT: 'texts one after the other',
      LEN: 'length of a text or list',
      UPPER: 'upper case',
      LOWER: 'lower case',
      TODAY: "today's date",
      NOW: 'the current time',
      DATEDIF: 'DATEDIF(start, end, "d"|"m"|"y")',
      DATEADD: 'DATEADD(date, n, "d"|"m"|"y")',
      NETWORKDAYS: 'working days from start to end (business calendar)',
      WORKDAY: 'the date n working days later (business calendar)',
    },
  },
};
