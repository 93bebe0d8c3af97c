import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIELD_TYPES } from './registry';
import { FOREIGN_TYPES } from './foreign';

/**
 * What a field type does is said once, on its entry in src/fields; code elsewhere asks the
 * entry (fieldType(t)?.computed, ?.rows, …) instead of branching on the type's name, so that
 * a new type is added in one folder. This scans the sources for such branches: a name
 * compared with something called a type, a case of a switch over a type, a list of two or
 * more names.
 */

const SRC = new URL('..', import.meta.url).pathname;

/**
 * Matches of the scan that are not field types, each with why: other things that happen to
 * share a field type's name.
 */
const NOT_FIELD_TYPES: { file: string; match: string; why: string }[] = [
  { file: 'features/designers/store/draftStore.ts', match: "case 'select'", why: 'the draft reducer action that selects a node' },
  { file: 'features/designers/flow/AssigneeEditor.tsx', match: "type === 'member'", why: "an assignee rule's type" },
  { file: 'features/designers/flow/AssigneeEditor.tsx', match: "type !== 'member'", why: "an assignee rule's type" },
  { file: 'features/designers/flow/summary.ts', match: "case 'member'", why: "an assignee rule's type" },
  { file: 'features/views/CalendarView.tsx', match: "type !== 'date'", why: "the kind of an antd Calendar cell (a day, not a month)" },
];

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(p));
    else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && !/\.d\.ts$/.test(e.name)) out.push(p);
  }
  return out;
}

/**
 * otherType: a type that is not a field's: the JSON type of a schema (prop.type, jsonType,
 * which shares "number" with the field types) or a file's MIME type (contentType).
 */
function otherType(operand: string): boolean {
  return /(^|[.?])(json|content)Type$/.test(operand) || /(^|[.?])(prop|schema|items)\??\.type$/.test(operand);
}

/** typeBranches lists the field-type name branches in one file's text, as "line: match". */
function typeBranches(text: string, names: readonly string[]): string[] {
  const n = `'(?:${names.map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})'`;
  const patterns = [
    // type === 'money', meta?.type !== 'formula', 'subform' === f.type
    new RegExp(`([\\w.?]*[tT]ype)\\b\\s*[!=]==?\\s*${n}`, 'g'),
    new RegExp(`${n}\\s*[!=]==?\\s*([\\w.?]*[tT]ype)\\b`, 'g'),
    // ['serial', 'formula', …] and new Set(['image', 'file'])
    new RegExp(`${n}\\s*,\\s*${n}`, 'g'),
  ];
  const hits: string[] = [];
  const lineOf = (i: number) => text.slice(0, i).split('\n').length;
  for (const re of patterns) {
    for (const m of text.matchAll(re)) if (m[1] === undefined || !otherType(m[1])) hits.push(`${lineOf(m.index)}: ${m[0]}`);
  }
  // case 'money': inside a switch over something called a type
  for (const sw of text.matchAll(/switch\s*\(([^)]*)\)\s*\{/g)) {
    if (!/[tT]ype\b/.test(sw[1]!) || otherType(sw[1]!.trim())) continue;
    let depth = 0;
    let end = sw.index + sw[0].length - 1;
    for (; end < text.length; end++) {
      if (text[end] === '{') depth++;
      else if (text[end] === '}' && --depth === 0) break;
    }
    const body = text.slice(sw.index, end);
    for (const m of body.matchAll(new RegExp(`case\\s+${n}`, 'g'))) hits.push(`${lineOf(sw.index + m.index)}: ${m[0]}`);
  }
  return hits;
}

describe('field-type names', () => {
  const names = [...Object.keys(FIELD_TYPES), ...Object.keys(FOREIGN_TYPES)];

  it('finds the branches it is meant to find', () => {
    expect(typeBranches(`if (meta?.type === 'subform') x();`, names)).toEqual(["1: meta?.type === 'subform'"]);
    expect(typeBranches(`const S = new Set(['image', 'file']);`, names)).toEqual(["1: 'image', 'file'"]);
    expect(typeBranches(`switch (f.type) {\n  case 'money':\n    return 1;\n}`, names)).toEqual(["2: case 'money'"]);
    expect(typeBranches(`if (typeof v === 'number' || chart === 'number' || prop.type === 'number') x();\nswitch (kind) { case 'text': }`, names)).toEqual([]);
  });

  it('are not branched on outside src/fields', () => {
    const found: string[] = [];
    const excused = new Set<string>();
    for (const path of sources(SRC)) {
      const file = relative(SRC, path);
      if (file.startsWith('fields/')) continue;
      for (const hit of typeBranches(readFileSync(path, 'utf8'), names)) {
        const other = NOT_FIELD_TYPES.find((a) => a.file === file && hit.endsWith(a.match));
        if (other) excused.add(other.match + other.file);
        else found.push(`${file}:${hit}`);
      }
    }
    expect(found, 'say it on the type entry in src/fields instead').toEqual([]);
    // An excuse nothing needs any more is dropped, so that it cannot hide a new branch.
    expect(NOT_FIELD_TYPES.filter((a) => !excused.has(a.match + a.file))).toEqual([]);
  });
});
