import { RangeSetBuilder, StateField, type EditorState, type Extension } from '@codemirror/state';
import { Decoration, EditorView, WidgetType, type DecorationSet } from '@codemirror/view';
import { nameRanges } from './formulaText';

/** NameChip stands for a field name in the formula's text: its label, the key as its tooltip. */
class NameChip extends WidgetType {
  constructor(
    readonly label: string,
    readonly name: string,
  ) {
    super();
  }

  eq(other: NameChip): boolean {
    return other.label === this.label && other.name === this.name;
  }

  toDOM(): HTMLElement {
    const el = document.createElement('span');
    el.className = 'fl-formula-chip';
    el.textContent = this.label;
    el.title = this.name;
    return el;
  }
}

const theme = EditorView.baseTheme({
  '.fl-formula-chip': {
    display: 'inline-block',
    padding: '0 6px',
    margin: '0 1px',
    borderRadius: '4px',
    border: '1px solid #91caff',
    background: '#e6f4ff',
    color: '#0958d9',
    lineHeight: '1.5',
  },
});

/**
 * nameChips shows each field name the formula reads (labels: name → what to show) as a chip
 * with its label, in place of the key the text keeps. The chips are atomic: the cursor steps
 * over one, and a backspace deletes it whole, never leaving half a key.
 */
export function nameChips(labels: ReadonlyMap<string, string>): Extension {
  const known = new Set(labels.keys());
  const build = (state: EditorState): DecorationSet => {
    const b = new RangeSetBuilder<Decoration>();
    for (const r of nameRanges(state.doc.toString(), known)) {
      b.add(r.from, r.to, Decoration.replace({ widget: new NameChip(labels.get(r.name) ?? r.name, r.name) }));
    }
    return b.finish();
  };
  const chips = StateField.define<DecorationSet>({
    create: build,
    update: (value, tr) => (tr.docChanged ? build(tr.state) : value),
    provide: (f) => [EditorView.decorations.from(f), EditorView.atomicRanges.of((view) => view.state.field(f))],
  });
  return [chips, theme];
}
