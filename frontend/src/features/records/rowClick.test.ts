// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { opensRow } from './rowClick';

function row(html: string): HTMLTableRowElement {
  const table = document.createElement('table');
  table.innerHTML = `<tbody><tr>${html}</tr></tbody>`;
  document.body.append(table);
  return table.querySelector('tr')!;
}

describe('opensRow', () => {
  it('opens the record on a click on a plain cell', () => {
    const tr = row('<td><span id="t">华东区年度框架合同</span></td>');
    expect(opensRow(tr.querySelector('#t'), tr)).toBe(true);
  });

  it("leaves the row's own controls their click", () => {
    const tr = row('<td class="ant-table-selection-column"><label class="ant-checkbox-wrapper"><input type="checkbox" id="c"></label></td><td><a href="/r" id="a"><span id="s">HT-1</span></a></td><td><button id="b">x</button></td>');
    for (const id of ['c', 'a', 's', 'b']) expect(opensRow(tr.querySelector(`#${id}`), tr)).toBe(false);
  });

  it('does nothing for a click that is not on an element', () => {
    const tr = row('<td>x</td>');
    expect(opensRow(null, tr)).toBe(false);
  });
});
