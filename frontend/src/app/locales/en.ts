/** English texts of the app's frame (namespace "app"). zh-CN.ts has the same keys. */
export const appEn = {
  notFound: {
    title: 'Page not found',
    home: 'Back to workspaces',
  },
};
