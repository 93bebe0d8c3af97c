import type { Template } from '../form/designer';
import { localized } from '../../../shared/lib/localized';
import { nodeOf, pipelineAt, placeOfPointer } from './model';

/**
 * describeFlowPlace names what a problem's pointer is about in words for the shell's problem
 * list: the flow and its node ("合同审批 · 法务审核") or branch ("合同审批 · 条件 → 总监"), by
 * their names in the language; never the pointer itself.
 */
export function describeFlowPlace(doc: Template, pointer: string, language: string, _typeName?: (type: string) => string): string | undefined {
  const place = placeOfPointer(pointer);
  if (place.pipeline === undefined) return undefined;
  const p = pipelineAt(doc, place.pipeline);
  if (!p) return undefined;
  const name = (v: unknown, fallback: string) => localized(v as Record<string, string> | undefined, language) || fallback;
  const flow = name(p.name, p.key);
  const nodeName = (key: string) => {
    const n = nodeOf(p, key);
    return n ? name(n.name, n.key) : key;
  };
  if (place.node !== undefined) {
    const n = p.nodes[place.node];
    return n ? `${flow} · ${nodeName(n.key)}` : flow;
  }
  if (place.edge !== undefined) {
    const e = p.edges[place.edge];
    return e ? `${flow} · ${nodeName(e.from)} → ${nodeName(e.to)}` : flow;
  }
  return flow;
}
