import { Validator, type OutputUnit, type Schema } from '@cfworker/json-schema';
import {
  createErrorHandler,
  toErrorSchema,
  unwrapErrorHandler,
  validationDataMerge,
  type CustomValidator,
  type ErrorTransformer,
  type RJSFSchema,
  type RJSFValidationError,
  type UiSchema,
  type ValidationData,
  type ValidatorType,
} from '@rjsf/utils';
import { hiddenPointers, visibilityOf } from './visibility';

/**
 * Keywords whose errors only say that something below them failed; the failures below are
 * reported on their own.
 */
const AGGREGATES = new Set([
  'properties', 'items', 'prefixItems', 'additionalItems', 'allOf', 'anyOf', 'oneOf', '$ref', '$dynamicRef',
  '$recursiveRef', 'dependentSchemas', 'dependencies', 'if', 'then', 'else', 'not', 'contains',
  'patternProperties', 'propertyNames', 'unevaluatedProperties', 'unevaluatedItems',
]);

const MESSAGES: Record<'en' | 'zh-CN', Record<string, string>> = {
  en: {
    required: 'This field is required.',
    type: 'Enter a valid value.',
    minimum: 'The value is too small.',
    exclusiveMinimum: 'The value is too small.',
    maximum: 'The value is too large.',
    exclusiveMaximum: 'The value is too large.',
    'format:date': 'Must be a date (YYYY-MM-DD).',
    'format:date-time': 'Must be a date and time, such as 2026-05-01T09:30:00+08:00.',
    'format:email': 'Must be an email address.',
    'format:uri': 'Must be a web address, such as https://example.com.',
    'minimum:limit': 'Must be at least {limit}.',
    'exclusiveMinimum:limit': 'Must be more than {limit}.',
    'maximum:limit': 'Must be at most {limit}.',
    'exclusiveMaximum:limit': 'Must be less than {limit}.',
    minLength: 'The text is too short.',
    maxLength: 'The text is too long.',
    minItems: 'Add more entries.',
    maxItems: 'Remove some entries.',
    uniqueItems: 'Entries must not repeat.',
    pattern: 'The value has the wrong format.',
    format: 'The value has the wrong format.',
    enum: 'Choose one of the options.',
    const: 'Choose one of the options.',
    multipleOf: 'The value has too many decimals.',
    additionalProperties: 'This field is not part of the form.',
    anyOf: 'Does not match any of the allowed forms.',
    oneOf: 'Must match exactly one of the allowed forms.',
    not: 'This value is not allowed.',
    dependentRequired: 'This field is required.',
  },
  'zh-CN': {
    required: '此项为必填项。',
    type: '请输入有效的值。',
    minimum: '数值过小。',
    exclusiveMinimum: '数值过小。',
    maximum: '数值过大。',
    exclusiveMaximum: '数值过大。',
    'format:date': '请输入有效的日期（YYYY-MM-DD）。',
    'format:date-time': '请输入有效的日期时间，如 2026-05-01T09:30:00+08:00。',
    'format:email': '请输入有效的邮箱地址。',
    'format:uri': '请输入有效的网址，如 https://example.com。',
    'minimum:limit': '不能小于 {limit}。',
    'exclusiveMinimum:limit': '必须大于 {limit}。',
    'maximum:limit': '不能大于 {limit}。',
    'exclusiveMaximum:limit': '必须小于 {limit}。',
    minLength: '内容过短。',
    maxLength: '内容过长。',
    minItems: '条目太少。',
    maxItems: '条目太多。',
    uniqueItems: '条目不能重复。',
    pattern: '格式不正确。',
    format: '格式不正确。',
    enum: '请从选项中选择。',
    const: '请从选项中选择。',
    multipleOf: '小数位数过多。',
    additionalProperties: '此字段不属于该表单。',
    anyOf: '不符合任何一种允许的填写方式。',
    oneOf: '必须且只能符合一种允许的填写方式。',
    not: '不允许填写此值。',
    dependentRequired: '此项为必填项。',
  },
};

/** LIMITS are the keywords whose message names the limit, as the server's does (不能小于 0。). */
const LIMITS = new Set(['minimum', 'exclusiveMinimum', 'maximum', 'exclusiveMaximum']);

/** messageOf is an error's message in the UI's language, naming the limit a range keyword sets. */
function messageOf(u: OutputUnit, texts: Record<string, string>, schema: RJSFSchema): string {
  // A format's message is the server's own words (fault/field_catalogue.go, format.value_*),
  // so the browser's verdict and the server's live check show as one message.
  if (u.keyword === 'format') {
    const name = /format "([^"]+)"/.exec(u.error)?.[1] ?? '';
    const text = texts[`format:${name}`];
    if (text) return text;
  }
  if (LIMITS.has(u.keyword)) {
    const limit = atPointer(schema, u.keywordLocation);
    const text = texts[`${u.keyword}:limit`];
    if (typeof limit === 'number' && text) return text.replace('{limit}', String(limit));
  }
  return texts[u.keyword] ?? u.error;
}

/** atPointer reads the value at a "#/…" JSON pointer into value. */
function atPointer(value: unknown, pointer: string): unknown {
  let at = value;
  for (const seg of pointer.replace(/^#/, '').split('/').slice(1).map(decode)) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<string, unknown>)[seg];
  }
  return at;
}

function decode(seg: string): string {
  return decodeURIComponent(seg).replace(/~1/g, '/').replace(/~0/g, '~');
}

/** errorPath is the data path an error is about; a missing required property is its own path. */
function errorPath(u: OutputUnit): string[] {
  const loc = u.instanceLocation.replace(/^#/, '');
  const path = loc === '' ? [] : loc.split('/').slice(1).map(decode);
  if (u.keyword === 'required') {
    const m = /"([^"]+)"/.exec(u.error);
    if (m?.[1]) path.push(m[1]);
  } else if (u.keyword === 'dependentRequired') {
    // 'Instance has "a" but does not have "b".': the missing one is the field at fault, as on the server.
    const m = /but does not have "([^"]+)"/.exec(u.error);
    if (m?.[1]) path.push(m[1]);
  }
  return path;
}

/**
 * SHARED_FORMATS are the formats the browser checks exactly as the server does (the
 * differential test holds both to it). Other formats (hostname, ipv4, …) are left to the
 * server: its verdict comes from the record check and is shown on the field.
 */
export const SHARED_FORMATS = new Set(['date', 'date-time', 'email', 'uri']);

/** Keywords the server reports as one error where they are, rather than their alternatives' errors. */
const ALTERNATIVES = new Set(['anyOf', 'oneOf']);

/**
 * serverShaped keeps the errors the server would report: an anyOf or oneOf that fails is
 * one error at its place (the alternatives' own errors would mislead), "not" is one error
 * at its place, and the other aggregates only say that something below them failed.
 */
export function serverShaped(units: OutputUnit[]): OutputUnit[] {
  const swallowed: string[] = [];
  const out: OutputUnit[] = [];
  for (const u of units) {
    if (swallowed.some((p) => u.keywordLocation.startsWith(`${p}/`))) continue;
    if (ALTERNATIVES.has(u.keyword)) {
      swallowed.push(u.keywordLocation);
      out.push(u);
      continue;
    }
    if (u.keyword === 'not') {
      swallowed.push(u.keywordLocation);
      out.push(u);
      continue;
    }
    if (AGGREGATES.has(u.keyword)) continue;
    if (u.keyword === 'format') {
      const name = /format "([^"]+)"/.exec(u.error)?.[1] ?? '';
      if (!SHARED_FORMATS.has(name)) continue;
    }
    out.push(u);
  }
  return out;
}

/** errorPointers lists the JSON pointers into the data the browser's errors are at, as the server keys them. */
export function errorPointers(units: OutputUnit[]): string[] {
  const enc = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
  const set = new Set(serverShaped(units).map((u) => errorPath(u).map((p) => `/${enc(p)}`).join('')));
  return [...set].sort();
}

/** isHidden tells whether an error's data path is in, or under, a field its show-when hides. */
function isHidden(path: string[], hidden: Set<string>): boolean {
  const enc = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
  let p = '';
  for (const seg of path) {
    p += `/${enc(seg)}`;
    if (hidden.has(p)) return true;
  }
  return false;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * withoutBlankRequired mirrors the server's rule that required text means something written:
 * a required text value that is blank after trimming counts as missing (so it is reported as
 * `required` on its field), at the top level and in sub-form rows. It returns a copy when it
 * removes anything and the data itself otherwise.
 */
export function withoutBlankRequired(data: unknown, schema: unknown): unknown {
  if (!isObj(schema)) return data;
  if (Array.isArray(data) && isObj(schema.items)) {
    let changed = false;
    const rows = data.map((row) => {
      const next = withoutBlankRequired(row, schema.items);
      if (next !== row) changed = true;
      return next;
    });
    return changed ? rows : data;
  }
  if (!isObj(data) || !isObj(schema.properties)) return data;
  const props = schema.properties;
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((k): k is string => typeof k === 'string') : []);
  let out: Obj | undefined;
  for (const [k, v] of Object.entries(data)) {
    const prop = props[k];
    let next: unknown = v;
    if (required.has(k) && typeof v === 'string' && v.trim() === '' && isObj(prop) && prop.type === 'string') next = undefined;
    else if (isObj(prop) && (Array.isArray(v) || isObj(v))) next = withoutBlankRequired(v, prop);
    if (next !== v) {
      out ??= { ...data };
      if (next === undefined) delete out[k];
      else out[k] = next;
    }
  }
  return out ?? data;
}

/**
 * createSchemaValidator is RJSF's validator without code generation: ajv compiles schemas
 * with `new Function`, which the server's Content-Security-Policy (script-src 'self')
 * forbids, so schemas are interpreted by @cfworker/json-schema instead. Messages follow
 * `language()` (zh-CN or English).
 */
export function createSchemaValidator(language: () => string = () => 'en'): ValidatorType {
  const compiled = new WeakMap<object, Validator>();
  const validatorFor = (schema: RJSFSchema): Validator => {
    let v = compiled.get(schema);
    if (!v) {
      v = new Validator(schema as Schema, '2020-12', false);
      compiled.set(schema, v);
    }
    return v;
  };

  const toRjsfErrors = (units: OutputUnit[], hidden: Set<string>, schema: RJSFSchema): RJSFValidationError[] => {
    const texts = language().toLowerCase().startsWith('zh') ? MESSAGES['zh-CN'] : MESSAGES.en;
    const seen = new Set<string>();
    const out: RJSFValidationError[] = [];
    for (const u of serverShaped(units)) {
      const path = errorPath(u);
      if (hidden.size > 0 && isHidden(path, hidden)) continue;
      const property = path.length > 0 ? `.${path.join('.')}` : '';
      const message = messageOf(u, texts, schema);
      const key = `${property}\u0000${message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ name: u.keyword, property, message, stack: `${property.slice(1) || '.'} ${message}`.trim(), schemaPath: u.keywordLocation });
    }
    return out;
  };

  return {
    validateFormData<T>(
      formData: T | undefined,
      schema: RJSFSchema,
      customValidate?: CustomValidator<T>,
      transformErrors?: ErrorTransformer<T>,
      uiSchema?: UiSchema<T>,
    ): ValidationData<T> {
      const hidden = hiddenPointers(visibilityOf(schema), formData);
      let errors = toRjsfErrors(validatorFor(schema).validate(withoutBlankRequired(formData ?? {}, schema)).errors, hidden, schema);
      if (transformErrors) errors = transformErrors(errors, uiSchema);
      const data: ValidationData<T> = { errors, errorSchema: toErrorSchema<T>(errors) };
      if (!customValidate) return data;
      const handler = customValidate(formData, createErrorHandler<T>(formData as T), uiSchema);
      return validationDataMerge<T>(data, unwrapErrorHandler<T>(handler));
    },
    isValid(schema: RJSFSchema, formData: unknown): boolean {
      try {
        return validatorFor(schema).validate(withoutBlankRequired(formData, schema)).valid;
      } catch {
        return false;
      }
    },
    rawValidation<Result = unknown>(schema: RJSFSchema, formData?: unknown): { errors?: Result[]; validationError?: Error } {
      try {
        return { errors: validatorFor(schema).validate(formData).errors as Result[] };
      } catch (err) {
        return { validationError: err instanceof Error ? err : new Error(String(err)) };
      }
    },
  };
}
