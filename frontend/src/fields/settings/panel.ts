import type { ComponentType } from 'react';
import type { FieldPatch, FieldView, JsonObject } from '../../features/designers/form/designer';

/** What a type's settings panel gets from the form designer's field settings. */
export interface PanelProps {
  field: FieldView;
  /** The field's JSON Schema as stored. */
  property: JsonObject;
  onChange: (patch: FieldPatch) => void;
  onReplace: (prop: JsonObject) => void;
  /** The form's whole schema (formula editor). */
  formSchema: JsonObject;
  ws: string;
  app: string;
}

/** A type's own settings in the form designer (src/fields/<type>/Settings.tsx). */
export type SettingsPanel = ComponentType<PanelProps>;
