import type { Choice } from '../forms/schemaForm';

/**
 * mentionedIds finds the members a comment mentions: each "@" followed by a member's name
 * (the longest name that fits, so "@王磊磊" is not "@王磊"). Members sharing that name are
 * all mentioned. Ids come once each, in the order of their first mention.
 */
export function mentionedIds(text: string, members: Choice[]): string[] {
  const named = members.filter((m) => m.label !== '');
  const out: string[] = [];
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    const rest = text.slice(at + 1);
    let best = '';
    for (const m of named) if (m.label.length > best.length && rest.startsWith(m.label)) best = m.label;
    if (best === '') continue;
    for (const m of named) if (m.label === best && !out.includes(m.value)) out.push(m.value);
  }
  return out;
}
