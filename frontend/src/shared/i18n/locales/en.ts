/** English texts. zh-CN.ts must have exactly the same keys (checked by the type and a test). */
export const en = {
  app: {
    name: 'Formloom',
    tagline: 'Forms, workflows and teams in one place',
  },
  common: {
    selected: '{{count}} selected',
    cancel: 'Cancel',
    create: 'Create',
    save: 'Save',
    delete: 'Delete',
    edit: 'Edit',
    close: 'Close',
    confirm: 'OK',
    retry: 'Retry',
    actions: 'Actions',
    loading: 'Loading…',
    none: 'None',
    copy: 'Copy',
    copied: 'Copied',
    back: 'Back',
    previous: 'Previous',
    next: 'Next',
    selectAll: 'Select all',
    stepUp: 'Increase value',
    stepDown: 'Decrease value',
  },
  language: {
    label: 'Language',
    'zh-CN': '简体中文',
    en: 'English',
  },
  header: {
    signOut: 'Sign out',
    workspaces: 'Workspaces',
  },
  roles: {
    owner: 'Owner',
    admin: 'Admin',
    member: 'Member',
  },
  nav: {
    apps: 'Apps',
    inbox: 'Inbox',
  },
  common2: {
    yes: 'Yes',
    no: 'No',
  },
  errors: {
    network: 'The server could not be reached. Check your connection and try again.',
    badResponse: 'The server sent an unexpected response.',
    http: 'Request failed (HTTP {{status}}).',
    loadFailed: 'Could not load the data',
  },
} as const;
