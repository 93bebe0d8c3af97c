/** English texts of the app designer's shell (namespace "designers"). zh-CN.ts has the same keys. */
export const designersEn = {
  parts: {
    forms: 'Forms',
    flow: 'Flow',
    permissions: 'Roles & permissions',
    views: 'Views',
    dashboards: 'Dashboards',
    automations: 'Automations',
  },
  undo: 'Undo',
  redo: 'Redo',
  undoHint: 'Undo (Ctrl+Z)',
  redoHint: 'Redo (Ctrl+Shift+Z)',
  otherProblem: 'App settings',
};
