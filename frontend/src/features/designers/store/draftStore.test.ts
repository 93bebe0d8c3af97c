import { describe, expect, it } from 'vitest';
import type { Template } from '../form/designer';
import { canRedo, canUndo, draftReducer, initialDraft, isDirty, UNDO_LIMIT } from './draftStore';
import { isUnder, pointerOf, problemsUnder, toProblems } from './problems';

const doc = (n: number): Template => ({ key: 'app', forms: [], n });
const setN = (n: number) => (d: Template): Template => ({ ...d, n });

describe('draft store', () => {
  it('starts saved, becomes dirty on an edit and clean again on undo', () => {
    let s = initialDraft(doc(0));
    expect(isDirty(s)).toBe(false);
    s = draftReducer(s, { type: 'edit', edit: setN(1) });
    expect(isDirty(s)).toBe(true);
    expect(s.doc.n).toBe(1);
    s = draftReducer(s, { type: 'undo' });
    expect(s.doc.n).toBe(0);
    expect(isDirty(s)).toBe(false);
    s = draftReducer(s, { type: 'redo' });
    expect(s.doc.n).toBe(1);
    expect(isDirty(s)).toBe(true);
  });

  it('an edit that returns the same document changes nothing', () => {
    const s = initialDraft(doc(0));
    const same = draftReducer(s, { type: 'edit', edit: (d) => d });
    expect(same).toBe(s);
    expect(canUndo(same)).toBe(false);
  });

  it('a new edit clears redo; undo is bounded', () => {
    let s = initialDraft(doc(0));
    for (let i = 1; i <= UNDO_LIMIT + 5; i++) s = draftReducer(s, { type: 'edit', edit: setN(i) });
    expect(s.past.length).toBe(UNDO_LIMIT);
    s = draftReducer(s, { type: 'undo' });
    expect(canRedo(s)).toBe(true);
    s = draftReducer(s, { type: 'edit', edit: setN(-1) });
    expect(canRedo(s)).toBe(false);
  });

  it('saving marks that revision saved; edits after it stay dirty', () => {
    let s = initialDraft(doc(0));
    s = draftReducer(s, { type: 'edit', edit: setN(1) });
    const sent = s.revision;
    const sentDoc = s.doc;
    s = draftReducer(s, { type: 'edit', edit: setN(2) });
    s = draftReducer(s, { type: 'saved', revision: sent, doc: sentDoc });
    expect(s.savedDoc.n).toBe(1);
    expect(isDirty(s)).toBe(true);
    s = draftReducer(s, { type: 'undo' });
    expect(isDirty(s)).toBe(false);
  });

  it('keeps problems until the revision they were about is saved', () => {
    let s = initialDraft(doc(0));
    s = draftReducer(s, { type: 'problems', problems: toProblems({ '/forms/0/name': { code: 'required', message: 'x' } }) });
    expect(s.problems).toHaveLength(1);
    s = draftReducer(s, { type: 'saved', revision: s.revision, doc: s.doc });
    expect(s.problems).toHaveLength(0);
  });

  it('an edit may select what it made', () => {
    let s = initialDraft(doc(0));
    s = draftReducer(s, { type: 'edit', edit: setN(1), select: '/pipelines/0/nodes/2' });
    expect(s.selection).toBe('/pipelines/0/nodes/2');
  });
});

describe('problems by pointer', () => {
  const problems = toProblems({
    '/pipelines/0/nodes/3/assignees': { code: 'unknown_role', message: 'a' },
    '/pipelines/0/nodes/30': { code: 'x', message: 'b' },
    '/forms/1/schema': { code: 'y', message: 'c' },
  });
  it('finds the problems inside an element, not in its namesakes', () => {
    expect(problemsUnder(problems, '/pipelines/0/nodes/3').map((p) => p.message)).toEqual(['a']);
    expect(problemsUnder(problems, '/pipelines/0').map((p) => p.message)).toEqual(['a', 'b']);
    expect(isUnder('/forms/1/schema', '/forms/1')).toBe(true);
    expect(isUnder('/forms/10', '/forms/1')).toBe(false);
  });
  it('escapes keys', () => {
    expect(pointerOf('forms', 0, 'a/b~c')).toBe('/forms/0/a~1b~0c');
  });
});
