import type { JsonObject } from '../../features/designers/form/designer';

/** Small readers of a field's JSON Schema shared by the type panels' models. */

export const isObj = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** metaOf is a property's x-formloom (empty when it has none). */
export function metaOf(prop: JsonObject | undefined): JsonObject {
  return prop && isObj(prop['x-formloom']) ? prop['x-formloom'] : {};
}

/** propsOf is the properties of a schema (a form's, or a sub-form's rows). */
export function propsOf(schema: JsonObject | undefined): Record<string, JsonObject> {
  return (schema && isObj(schema.properties) ? schema.properties : {}) as Record<string, JsonObject>;
}

/** withProperty returns schema with property key replaced by fn's result (unchanged when absent). */
export function withProperty(schema: JsonObject, key: string, fn: (prop: JsonObject) => JsonObject): JsonObject {
  const props = propsOf(schema);
  const prop = props[key];
  if (!isObj(prop)) return schema;
  return { ...schema, properties: { ...props, [key]: fn(prop) } };
}

/** textIn reads a text of the template ({"zh-CN", "en"} or a plain string) in a language. */
export function textIn(v: unknown, language: string): string {
  if (typeof v === 'string') return v;
  if (!isObj(v)) return '';
  const zh = typeof v['zh-CN'] === 'string' ? v['zh-CN'] : '';
  const en = typeof v.en === 'string' ? v.en : '';
  return language.startsWith('en') ? en || zh : zh || en;
}
