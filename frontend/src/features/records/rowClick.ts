/**
 * opensRow tells whether a click inside a table row should open the row's record: not when it
 * lands on a control of its own (a link, a button, the selection box, an input) or ends a text
 * selection.
 */
export function opensRow(target: EventTarget | null, row: Element): boolean {
  if (!(target instanceof Element)) return false;
  const control = target.closest('a, button, input, label, .ant-checkbox-wrapper, .ant-table-selection-column');
  if (control && row.contains(control)) return false;
  return (window.getSelection()?.toString() ?? '') === '';
}
