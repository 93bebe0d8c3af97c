import type { Template } from '../form/designer';

/**
 * The draft store every designer shares: one template document (the app's whole draft), the
 * revision it is at, the revision last saved, what is selected, the server's problems and the
 * undo and redo stacks. It is a pure reducer so that it is tested without React; the React
 * side (DraftProvider) only dispatches.
 *
 * Edits are pure functions from template to template (each designer's model); the store never
 * looks inside the document. "Unsaved" is a revision counter compared with the saved one —
 * never a re-serialisation of the document.
 */

/** One problem the server reported, keyed by the JSON pointer into the template it names. */
export interface DraftProblem {
  pointer: string;
  code: string;
  message: string;
}

/** What is selected: a JSON pointer into the template (the element a designer shows). */
export type Selection = string | undefined;

export interface DraftState {
  doc: Template;
  /** Counts every change of doc; undo and redo move it too. */
  revision: number;
  /** The revision whose document the server holds (after load or save). */
  savedRevision: number;
  /** The document the server holds: what keys are already fixed, what a publish would diff. */
  savedDoc: Template;
  selection: Selection;
  problems: DraftProblem[];
  /** Earlier documents with their revisions, newest last. */
  past: { doc: Template; revision: number }[];
  future: { doc: Template; revision: number }[];
}

export type DraftAction =
  | { type: 'load'; doc: Template }
  | { type: 'edit'; edit: (doc: Template) => Template; select?: Selection }
  | { type: 'undo' }
  | { type: 'redo' }
  | { type: 'select'; selection: Selection }
  | { type: 'problems'; problems: DraftProblem[] }
  /** The server accepted this document, which was the draft at this revision. */
  | { type: 'saved'; revision: number; doc: Template };

/** How many steps undo goes back. */
export const UNDO_LIMIT = 100;

let nextRevision = 1;
/** Revisions are unique across loads, so a save of an old revision never marks a newer one saved. */
function freshRevision(): number {
  nextRevision += 1;
  return nextRevision;
}

export function initialDraft(doc: Template): DraftState {
  const revision = freshRevision();
  return { doc, revision, savedRevision: revision, savedDoc: doc, selection: undefined, problems: [], past: [], future: [] };
}

export function draftReducer(state: DraftState, action: DraftAction): DraftState {
  switch (action.type) {
    case 'load':
      return initialDraft(action.doc);
    case 'edit': {
      const doc = action.edit(state.doc);
      const selection = action.select !== undefined ? action.select : state.selection;
      if (doc === state.doc) return selection === state.selection ? state : { ...state, selection };
      const past = [...state.past, { doc: state.doc, revision: state.revision }].slice(-UNDO_LIMIT);
      return { ...state, doc, revision: freshRevision(), past, future: [], selection };
    }
    case 'undo': {
      const prev = state.past[state.past.length - 1];
      if (!prev) return state;
      return {
        ...state,
        doc: prev.doc,
        revision: prev.revision,
        past: state.past.slice(0, -1),
        future: [{ doc: state.doc, revision: state.revision }, ...state.future],
      };
    }
    case 'redo': {
      const next = state.future[0];
      if (!next) return state;
      return {
        ...state,
        doc: next.doc,
        revision: next.revision,
        past: [...state.past, { doc: state.doc, revision: state.revision }],
        future: state.future.slice(1),
      };
    }
    case 'select':
      return state.selection === action.selection ? state : { ...state, selection: action.selection };
    case 'problems':
      return { ...state, problems: action.problems };
    case 'saved':
      return { ...state, savedRevision: action.revision, savedDoc: action.doc, problems: state.revision === action.revision ? [] : state.problems };
  }
}

/** Whether the document differs from what the server holds. */
export function isDirty(s: DraftState): boolean {
  return s.revision !== s.savedRevision;
}

export function canUndo(s: DraftState): boolean {
  return s.past.length > 0;
}

export function canRedo(s: DraftState): boolean {
  return s.future.length > 0;
}
