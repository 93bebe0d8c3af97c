import { autocompletion, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { Prec } from '@codemirror/state';
import { keymap } from '@codemirror/view';
import CodeMirror from '@uiw/react-codemirror';
import { useMemo, useState } from 'react';
import { nameChips } from '../form/formulaChips';
import { nameCompletions, nameEntries } from '../form/formulaText';
import { FORMULA_FUNCTIONS, type FormulaName } from '../form/model';

/**
 * ExpressionInput edits an automation value written by hand (the box's "=…"), as the form
 * designer's formula editor does: the names it reads show as chips with their labels
 * (跟进时间, 客户.库存), and typing a label, its pinyin or a key completes them — the
 * source's fields, the record's members and, in 修改数据, the target's own fields
 * (`target.stock`). The text is committed when the box loses focus (onCommit, every time).
 */
export function ExpressionInput({ value, names, prefixes = [], error, autoFocus, onCommit, testId }: { value: string; names: readonly FormulaName[]; prefixes?: readonly FormulaName[]; error?: boolean; autoFocus?: boolean; onCommit: (expr: string) => void; testId: string }) {
  const [text, setText] = useState(value);
  // A value changed elsewhere (undo, another control) replaces the text being edited.
  const [shown, setShown] = useState(value);
  if (value !== shown) {
    setShown(value);
    setText(value);
  }
  const extensions = useMemo(() => {
    // The prefixes (record, target) only label the names under them: 本记录.创建人.
    const own = new Set(prefixes.map((p) => p.name));
    const entries = nameEntries([...prefixes, ...names]).filter((e) => !own.has(e.name));
    const functions = (ctx: CompletionContext): CompletionResult | null => {
      const word = ctx.matchBefore(/[A-Za-z_][\w.]*/);
      if (!word || (word.from === word.to && !ctx.explicit)) return null;
      return { from: word.from, options: FORMULA_FUNCTIONS.map((f) => ({ label: f, apply: `${f}(`, type: 'function' })) };
    };
    return [
      autocompletion({ override: [nameCompletions(entries), functions] }),
      nameChips(new Map(entries.map((n) => [n.name, n.shown]))),
      // One line, as the box it stands for: Enter commits rather than breaking the line. Below
      // the completion's own Enter (which takes the highlighted name), above the newline.
      Prec.high(
        keymap.of([
          {
            key: 'Enter',
            run: (view) => {
              view.contentDOM.blur();
              return true;
            },
          },
        ]),
      ),
    ];
  }, [names, prefixes]);
  return (
    <div
      className={`fl-expression-input${error ? ' fl-expression-input-error' : ''}`}
      // contain: a long expression scrolls inside the box; its width must not count in the
      // width of the table it sits in (which would outgrow a phone's screen).
      style={{ flex: 1, minWidth: 0, overflow: 'hidden', contain: 'inline-size', display: 'flex', alignItems: 'center', border: `1px solid ${error ? '#ff4d4f' : '#d9d9d9'}`, borderRadius: 6, padding: '0 4px', background: '#fff' }}
      data-testid={testId}
    >
      {/* The "=" the admin typed: what follows is worked out when the automation runs. */}
      <span style={{ color: '#8c8c8c', padding: '0 2px' }}>=</span>
      <CodeMirror
        style={{ flex: 1, minWidth: 0, overflow: 'hidden' }}
        value={text}
        autoFocus={autoFocus}
        basicSetup={{ lineNumbers: false, foldGutter: false, highlightActiveLine: false }}
        extensions={extensions}
        onChange={setText}
        onBlur={() => onCommit(text)}
      />
    </div>
  );
}
