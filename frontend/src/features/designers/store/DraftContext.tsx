import { createContext, useContext, useMemo, useReducer, type ReactNode } from 'react';
import type { Template } from '../form/designer';
import {
  canRedo,
  canUndo,
  draftReducer,
  initialDraft,
  isDirty,
  type DraftProblem,
  type DraftState,
  type Selection,
} from './draftStore';
import { problemsUnder } from './problems';

/** What every designer gets from the shared draft: the state and the ways to change it. */
export interface Draft {
  state: DraftState;
  doc: Template;
  dirty: boolean;
  canUndo: boolean;
  canRedo: boolean;
  /** edit applies a pure model function to the document (one undo step); select may follow. */
  edit: (edit: (doc: Template) => Template, select?: Selection) => void;
  undo: () => void;
  redo: () => void;
  select: (selection: Selection) => void;
  setProblems: (problems: DraftProblem[]) => void;
  markSaved: (revision: number, doc: Template) => void;
  load: (doc: Template) => void;
  /** problemsAt lists the server's problems at or inside the element a pointer names. */
  problemsAt: (pointer: string) => DraftProblem[];
}

const DraftContext = createContext<Draft | undefined>(undefined);

/** DraftProvider holds one app's draft for all the designers shown under it. */
export function DraftProvider({ initial, children }: { initial: Template; children: ReactNode }) {
  const [state, dispatch] = useReducer(draftReducer, initial, initialDraft);
  const value = useMemo<Draft>(
    () => ({
      state,
      doc: state.doc,
      dirty: isDirty(state),
      canUndo: canUndo(state),
      canRedo: canRedo(state),
      edit: (edit, select) => dispatch({ type: 'edit', edit, select }),
      undo: () => dispatch({ type: 'undo' }),
      redo: () => dispatch({ type: 'redo' }),
      select: (selection) => dispatch({ type: 'select', selection }),
      setProblems: (problems) => dispatch({ type: 'problems', problems }),
      markSaved: (revision, doc) => dispatch({ type: 'saved', revision, doc }),
      load: (doc) => dispatch({ type: 'load', doc }),
      problemsAt: (pointer) => problemsUnder(state.problems, pointer),
    }),
    [state],
  );
  return <DraftContext.Provider value={value}>{children}</DraftContext.Provider>;
}

/** useDraft is the shared draft of the designer page around the caller. */
export function useDraft(): Draft {
  const d = useContext(DraftContext);
  if (!d) throw new Error('useDraft outside a DraftProvider');
  return d;
}
