import { designersEn } from '../../features/designers/locales/en';
import { designersZhCN } from '../../features/designers/locales/zh-CN';
import { formsEn } from '../../features/designers/form/locales/en';
import { formsZhCN } from '../../features/designers/form/locales/zh-CN';
import { flowEn } from '../../features/designers/flow/locales/en';
import { flowZhCN } from '../../features/designers/flow/locales/zh-CN';
import { notifyEn } from '../../features/notify/locales/en';
import { notifyZhCN } from '../../features/notify/locales/zh-CN';
import { searchEn } from '../../features/search/locales/en';
import { searchZhCN } from '../../features/search/locales/zh-CN';
import { enduserEn, recordsEn } from '../../features/records/locales/en';
import { enduserZhCN, recordsZhCN } from '../../features/records/locales/zh-CN';
import { designerPermissionsEn } from '../../features/designers/permissions/locales/en';
import { designerPermissionsZhCN } from '../../features/designers/permissions/locales/zh-CN';
import { designerQueryEn } from '../../features/designers/query/locales/en';
import { designerQueryZhCN } from '../../features/designers/query/locales/zh-CN';
import { designerViewsEn } from '../../features/designers/views/locales/en';
import { designerViewsZhCN } from '../../features/designers/views/locales/zh-CN';
import { designerDashboardsEn } from '../../features/designers/dashboards/locales/en';
import { designerDashboardsZhCN } from '../../features/designers/dashboards/locales/zh-CN';
import { designerAutomationsEn } from '../../features/designers/automations/locales/en';
import { designerAutomationsZhCN } from '../../features/designers/automations/locales/zh-CN';
import { memberRolesEn } from '../../features/members/locales/en';
import { memberRolesZhCN } from '../../features/members/locales/zh-CN';
import { publicLinksEn } from '../../features/publicLinks/locales/en';
import { publicLinksZhCN } from '../../features/publicLinks/locales/zh-CN';
import { designerPublishEn } from '../../features/designers/publish/locales/en';
import { designerPublishZhCN } from '../../features/designers/publish/locales/zh-CN';
import { inboxEn } from '../../features/inbox/locales/en';
import { inboxZhCN } from '../../features/inbox/locales/zh-CN';
import { dashboardsEn } from '../../features/dashboards/locales/en';
import { dashboardsZhCN } from '../../features/dashboards/locales/zh-CN';
import { viewsEn } from '../../features/views/locales/en';
import { viewsZhCN } from '../../features/views/locales/zh-CN';
import { membersEn } from '../../features/members/locales/en';
import { membersZhCN } from '../../features/members/locales/zh-CN';
import { orgEn } from '../../features/org/locales/en';
import { orgZhCN } from '../../features/org/locales/zh-CN';
import { workspaceEn } from '../../features/workspace/locales/en';
import { workspaceZhCN } from '../../features/workspace/locales/zh-CN';
import { authEn } from '../../features/auth/locales/en';
import { authZhCN } from '../../features/auth/locales/zh-CN';
import { appEn } from '../../app/locales/en';
import { appZhCN } from '../../app/locales/zh-CN';
import type { Widen } from './locales/types';

/**
 * Feature namespaces: each feature keeps its texts beside its code, in a namespace of its
 * own (`useTranslation('designers')`), so features grow without one shared list. Add one line
 * per feature in both maps; the Widen type keeps the Chinese keys the same as the English.
 */
export const namespacesEn = {
  designers: designersEn,
  forms: formsEn,
  flow: flowEn,
  search: searchEn,
  notify: notifyEn,
  enduser: enduserEn,
  designerQuery: designerQueryEn,
  designerPermissions: designerPermissionsEn,
  designerViews: designerViewsEn,
  designerDashboards: designerDashboardsEn,
  designerAutomations: designerAutomationsEn,
  memberRoles: memberRolesEn,
  publicLinks: publicLinksEn,
  designerPublish: designerPublishEn,
  inbox: inboxEn,
  dashboards: dashboardsEn,
  records: recordsEn,
  views: viewsEn,
  members: membersEn,
  org: orgEn,
  workspace: workspaceEn,
  auth: authEn,
  app: appEn,
};

export const namespacesZhCN: { [K in keyof typeof namespacesEn]: Widen<(typeof namespacesEn)[K]> } = {
  designers: designersZhCN,
  forms: formsZhCN,
  flow: flowZhCN,
  search: searchZhCN,
  notify: notifyZhCN,
  enduser: enduserZhCN,
  designerQuery: designerQueryZhCN,
  designerPermissions: designerPermissionsZhCN,
  designerViews: designerViewsZhCN,
  designerDashboards: designerDashboardsZhCN,
  designerAutomations: designerAutomationsZhCN,
  memberRoles: memberRolesZhCN,
  publicLinks: publicLinksZhCN,
  designerPublish: designerPublishZhCN,
  inbox: inboxZhCN,
  dashboards: dashboardsZhCN,
  records: recordsZhCN,
  views: viewsZhCN,
  members: membersZhCN,
  org: orgZhCN,
  workspace: workspaceZhCN,
  auth: authZhCN,
  app: appZhCN,
};
