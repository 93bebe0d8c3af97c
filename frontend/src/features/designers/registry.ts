import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import { fieldView, formName, placeOf, type Template } from './form/designer';
import { describeFlowPlace } from './flow/describe';
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
  /**
   * describe names the element a problem's pointer is about in words (a form and field by
   * their labels, a node by its name), for the shell's problem list; never the pointer itself.
   */
  describe?: (doc: Template, pointer: string, language: string, typeName: (type: string) => string) => string | undefined;
}

const startsWithAny = (...prefixes: string[]) => (pointer: string) =>
  prefixes.some((p) => pointer === p || pointer.startsWith(`${p}/`));

/**
 * The designer parts in tab order. Each designer adds one entry here; its code lives in its
 * own folder (features/designers/<part>/) with its model, canvas and panel.
 */
export const DESIGNER_PARTS: DesignerPart[] = [
  {
    key: 'forms',
    owns: startsWithAny('/forms'),
    Component: lazy(() => import('./form/FormDesigner')),
    describe: describeFormPlace,
  },
  {
    key: 'flow',
    owns: startsWithAny('/pipelines'),
    Component: lazy(() => import('./flow/FlowDesigner')),
    describe: describeFlowPlace,
  },
  { key: 'permissions', owns: startsWithAny('/roles', '/permissions'), Component: lazy(() => import('./permissions/PermissionsDesigner')) },
  { key: 'views', owns: startsWithAny('/views'), Component: lazy(() => import('./views/ViewsDesigner')) },
  { key: 'dashboards', owns: startsWithAny('/dashboards'), Component: lazy(() => import('./dashboards/DashboardsDesigner')) },
  { key: 'automations', owns: startsWithAny('/automations'), Component: lazy(() => import('./automations/AutomationsDesigner')) },
];

/** partFor names the part that shows a problem at pointer, if any. */
export function partFor(pointer: string, parts: readonly DesignerPart[] = DESIGNER_PARTS): DesignerPart | undefined {
  return parts.find((p) => p.owns(pointer));
}

/** describeFormPlace names a form and its field by their labels ("Task · Remark"). */
function describeFormPlace(
  doc: Template,
  pointer: string,
  language: string,
  typeName: (type: string) => string,
): string | undefined {
  const place = placeOf(doc, pointer);
  const form = place.form !== undefined ? doc.forms[place.form] : undefined;
  if (!form) return undefined;
  const zh = language.toLowerCase().startsWith('zh');
  const field = place.field ? fieldView(form, place.field) : undefined;
  const label = field ? (zh ? field.label.zh || field.label.en : field.label.en || field.label.zh) : '';
  return field ? `${formName(form, language)} · ${label || fieldTypeHint(typeName(field.type), zh)}` : formName(form, language);
}

/** An unlabelled field is named by its type, so the list never falls back to a raw key. */
function fieldTypeHint(typeName: string, zh: boolean): string {
  return zh ? `未命名的${typeName}字段` : `unlabelled ${typeName.toLowerCase()} field`;
}
