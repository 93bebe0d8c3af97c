import type { ComponentType } from 'react';
import type { FieldPatch, FieldView, JsonObject, Template } from '../../features/designers/form/designer';

/** A server problem of the field: the JSON pointer into the template and its message. */
export interface PanelProblem {
  pointer: string;
  message: string;
}

/** What a type's settings panel gets from the form designer's field settings. */
export interface PanelProps {
  field: FieldView;
  /** The field's JSON Schema as stored. */
  property: JsonObject;
  onChange: (patch: FieldPatch) => void;
  onReplace: (prop: JsonObject) => void;
  /** The schema holding the field (the form's, or a sub-form's rows): formulas, relations and lookups read the fields beside it. */
  formSchema: JsonObject;
  /** Changes the schema holding the field (a relation's change followed into the lookups beside it). */
  onEditSchema: (fn: (schema: JsonObject) => JsonObject) => void;
  /** The whole draft template (the app's other forms). */
  doc: Template;
  /** The key of the form the field belongs to. */
  formKey: string;
  /** The server's problems of this field, for panels that show them on their own controls (PANEL_POINTERS). */
  problems: PanelProblem[];
  /**
   * The option values records may hold (the published version's): a choice field's option
   * keeps its value when relabelled; a new option's value follows its label.
   */
  fixedOptions?: ReadonlySet<string>;
  ws: string;
  app: string;
}

/** A type's own settings in the form designer (src/fields/<type>/Settings.tsx). */
export type SettingsPanel = ComponentType<PanelProps>;

/** problemAt tells whether one of problems is at a pointer ending in suffix ("/x-formloom/form"). */
export function problemAt(problems: PanelProblem[], suffix: string): boolean {
  return problems.some((p) => p.pointer.endsWith(suffix));
}
