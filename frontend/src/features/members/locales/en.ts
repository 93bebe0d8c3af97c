/** English texts of the members page's app roles (namespace "memberRoles"). */
export const memberRolesEn = {
  column: 'App roles',
  none: 'None',
  edit: 'App roles',
  title: 'App roles of {{name}}',
  viaDepartment: 'Through the department {{department}}',
  app: 'App',
  role: 'Role',
  pickApp: 'Choose an app',
  pickRole: 'Choose a role',
  add: 'Give role',
  added: 'Role given',
  remove: 'Take back',
  removed: 'Role taken back',
  noApps: 'No published apps yet',
  loadFailed: 'Could not load the roles',
};
