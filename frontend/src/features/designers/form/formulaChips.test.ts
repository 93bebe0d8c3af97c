// @vitest-environment happy-dom
import { EditorSelection, EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { afterEach, describe, expect, it } from 'vitest';
import { nameChips } from './formulaChips';

const labels = new Map([
  ['baoXiaoJinE', '报销金额'],
  ['items.price', '明细.单价'],
]);

let view: EditorView | undefined;
afterEach(() => view?.destroy());

const open = (doc: string) => {
  view = new EditorView({ state: EditorState.create({ doc, extensions: [nameChips(labels)] }), parent: document.body });
  return view;
};

describe('nameChips', () => {
  it('shows each known key as a chip with its label, keys in strings as typed', () => {
    const v = open('baoXiaoJinE * 2 + SUM(items.price) + "baoXiaoJinE"');
    const chips = [...v.contentDOM.querySelectorAll('.fl-formula-chip')];
    expect(chips.map((c) => c.textContent)).toEqual(['报销金额', '明细.单价']);
    expect(chips.map((c) => c.getAttribute('title'))).toEqual(['baoXiaoJinE', 'items.price']);
    expect(v.contentDOM.textContent).toContain('"baoXiaoJinE"');
    // The formula itself keeps the keys.
    expect(v.state.doc.toString()).toBe('baoXiaoJinE * 2 + SUM(items.price) + "baoXiaoJinE"');
  });

  it('makes a chip atomic: the cursor steps over it whole, so a backspace takes all of it', () => {
    const v = open('baoXiaoJinE * 2');
    expect(v.moveByChar(EditorSelection.cursor(11), false).head).toBe(0);
    expect(v.moveByChar(EditorSelection.cursor(0), true).head).toBe(11);
  });

  it('follows edits: a key typed becomes a chip, one broken is text again', () => {
    const v = open('2 * ');
    v.dispatch({ changes: { from: 4, insert: 'baoXiaoJinE' } });
    expect(v.contentDOM.querySelectorAll('.fl-formula-chip')).toHaveLength(1);
    v.dispatch({ changes: { from: 4, to: 5 } });
    expect(v.contentDOM.querySelectorAll('.fl-formula-chip')).toHaveLength(0);
  });
});
