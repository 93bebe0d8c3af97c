/** English texts of the workspace pages: the list of workspaces, a workspace's tabs, its apps and template gallery (namespace "workspace"). zh-CN.ts has the same keys. */
export const workspaceEn = {
  workspaces: {
    title: 'Workspaces',
    create: 'New workspace',
    createTitle: 'New workspace',
    name: 'Workspace name',
    namePlaceholder: 'e.g. Sales department',
    nameRequired: 'Enter a workspace name',
    empty: 'You are not in any workspace yet',
    created: 'Created {{date}}',
    open: 'Open',
  },
  workspace: {
    notFound: 'Workspace not found',
    tabs: {
      members: 'Members',
      departments: 'Departments',
      apps: 'Apps',
      notifications: 'Notifications',
    },
  },
  apps: {
    empty: 'No apps yet. Install one from the template gallery.',
    emptyMember: 'No apps you may use yet.',
    install: 'Install from gallery',
    galleryTitle: 'Template gallery',
    installButton: 'Install',
    installed: '“{{name}}” is installed',
    forms: '{{count}} forms',
    version: 'Version {{n}}',
    notPublished: 'Not published yet',
    starter: 'Starter',
    saved: 'Saved',
    noForms: 'This app has no forms yet',
    notFound: 'App not found',
    sampleData: 'Add sample records (starter templates)',
  },
};
