import type { JsonObject, Template } from '../features/designers/form/designer';

/** What a records table's column filter offers for a field (see features/records/query.ts). */
export type FilterHint = 'member' | 'department' | 'none';

/**
 * FieldTypeDef is everything the web UI knows of one field type, in one place: the
 * designer's palette entry and new-field property, which settings the designer shows,
 * how generated forms enter it and how tables and record pages show it. Each type lives in
 * src/fields/<type>/ and is listed once in src/fields/registry.ts; the server's list of
 * types (src/fields/testdata/types.json, written by builder/form) must match it.
 */
export interface FieldTypeDef {
  type: string;
  /** Its place in the designer's palette; absent when the palette does not offer it. */
  palette?: number;
  /** Filled by the server (formula, serial, lookup): it cannot be required and takes no placeholder. */
  computed?: boolean;
  /** Its value is a number (number, money): filters compare it as one, previews fill it with 1. */
  numeric?: boolean;
  /** It holds options (select, multiselect). */
  options?: boolean;
  /** It takes a maxLength; the value is the server's default when the schema has none. */
  maxLength?: number;
  /** The JSON Schema of a new field; meta is its x-formloom with type and label. */
  defaultProperty?: (meta: JsonObject, ctx: NewFieldContext) => JsonObject;
  /** Generated forms leave it out: the server fills it, or it needs an editor of its own. */
  notEntered?: boolean;
  /** The RJSF widget generated forms use for it. */
  widget?: string;
  /** Its value is a web address: the record page shows it as a link that opens in a new tab. */
  link?: boolean;
  /**
   * Its values are IDs of records of another form (relation): generated forms pick them
   * among the records the member may read (RelationWidget, when they know the app; public
   * forms leave it out), and pages show them by serial number and title.
   */
  picksRecords?: boolean;
  /** Its values are IDs of workspace members or departments: forms offer them as choices, tables show their names. */
  people?: 'members' | 'departments';
  /** The records table's column filter, when the schema alone does not decide it. */
  filter?: FilterHint;
  /** Its default is typed in the designer; others (lists, people, files) only take a linked one. */
  plainDefault?: boolean;
  /** Its default may be who fills the form: x-formloom.default says this value (the current user, or their department). */
  currentDefault?: 'currentUser' | 'currentDepartment';
  /** Its value is rows of a nested form (subform): the designer lays its columns out in a card, formulas read it as a list. */
  rows?: boolean;
  /** Its value is worked out from an expression as people type (formula). */
  expression?: boolean;
  /** Its value is yes or no (checkbox). */
  yesNo?: boolean;
  /** Its value is a list (of options, tags, files or rows): filters test what it contains. */
  list?: boolean;
  /** Flow conditions cannot compare it: it holds rows, files or linked records. */
  notCompared?: boolean;
  /** It holds a date ('date') or a date and time ('datetime'): deadlines count from it, conditions compare it as one. */
  date?: 'date' | 'datetime';
  /** Its value is exactly one of its options (select): deadline tables and boards group by it. */
  oneOption?: boolean;
  /** The flow designer's simulation offers an input for it (values a condition or an assignee rule reads). */
  simulated?: boolean;
  /** Its value is text: the records table filters it by what it contains and the search box looks in it, whatever its schema says. */
  textual?: boolean;
  /** A record is named by its first field of this type that has a value (text); so is a field that has no type. */
  namesRecord?: boolean;
  /** Its value is the record's number (serial): lists name a record by it, before its title. */
  numbersRecord?: boolean;
  /** Its value is uploaded files (attachment): record pages show them as files to open. */
  files?: boolean;
  /** Its value is one image drawn on the screen (signature): pages show it whole, not as a cropped thumbnail. */
  drawn?: boolean;
  /** Its value is copied by the server from a linked record (lookup): a formula reading it is worked out by the server alone. */
  copied?: boolean;
  /** Records are not found by it (free tags): an automation's 修改数据 does not offer it to match on, and the server refuses it there. */
  unmatched?: boolean;
  /** Its value is an object of other values (group): a linked default can neither compare it nor copy it. */
  object?: boolean;
  /** A sub-form row may not hold it: sub-forms are one level deep (subform), numbering is per record (serial). */
  notInRows?: boolean;
  /** A sample value to preview formulas on; absent when previews leave the field empty. */
  sample?: (s: SampleContext) => unknown;
}

/** Where a new field is added: what its default property may draw on. */
export interface NewFieldContext {
  /** Another form of the app (a relation links to it). */
  otherForm?: string;
  /** The schema the field is added to (the form's, or a sub-form's rows). */
  schema?: JsonObject;
  /** The whole template (a lookup shows a field of another form). */
  doc?: Template;
}

/** What a field type's sample value may draw on. */
export interface SampleContext {
  /** The field's key. */
  key: string;
  /** The field's JSON Schema property. */
  prop: Record<string, unknown>;
  /** The next sample date: dates alternate so that formulas between two of them have a span. */
  nextDate: () => string;
  /** A sample record of a nested schema (a sub-form's rows). */
  record: (schema: Record<string, unknown>) => Record<string, unknown>;
}
