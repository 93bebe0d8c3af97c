import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { designersEn } from './locales/en';

/** What the shell passes to every designer part. The draft itself comes from useDraft(). */
export interface DesignerPartProps {
  ws: string;
  app: string;
}

/** One part of the app designer: a tab of the shell with its own canvas and panel. */
export interface DesignerPart {
  /** The tab's key, also its segment in the URL (/w/:ws/apps/:app/design/:part). */
  key: keyof typeof designersEn.parts;
  /**
   * owns says whether a server problem (a JSON pointer into the template) is shown by this
   * part, so that a refused save opens the tab where the admin can fix it.
   */
  owns: (pointer: string) => boolean;
  Component: LazyExoticComponent<ComponentType<DesignerPartProps>>;
}

const startsWithAny = (...prefixes: string[]) => (pointer: string) =>
  prefixes.some((p) => pointer === p || pointer.startsWith(`${p}/`));

/**
 * The designer parts in tab order. Each designer adds one entry here; its code lives in its
 * own folder (features/designers/<part>/) with its model, canvas and panel.
 */
export const DESIGNER_PARTS: DesignerPart[] = [
  { key: 'forms', owns: startsWithAny('/forms'), Component: lazy(() => import('./form/FormDesigner')) },
  { key: 'permissions', owns: startsWithAny('/roles', '/permissions'), Component: lazy(() => import('./permissions/PermissionsDesigner')) },
  { key: 'views', owns: startsWithAny('/views'), Component: lazy(() => import('./views/ViewsDesigner')) },
  { key: 'dashboards', owns: startsWithAny('/dashboards'), Component: lazy(() => import('./dashboards/DashboardsDesigner')) },
  { key: 'automations', owns: startsWithAny('/automations'), Component: lazy(() => import('./automations/AutomationsDesigner')) },
];

/** partFor names the part that shows a problem at pointer, if any. */
export function partFor(pointer: string, parts: readonly DesignerPart[] = DESIGNER_PARTS): DesignerPart | undefined {
  return parts.find((p) => p.owns(pointer));
}
