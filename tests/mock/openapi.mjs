// openapi.mjs: checks requests against the API reference's OpenAPI document
// (tests/contract/afosto-openapi.json, converted from the reference). The document is read once
// per process; nothing is copied out of it by hand.
//
// What is checked, per the reference (which marks nothing required and never sets
// additionalProperties, so "unknown" is read strictly here, as a server that rejects what it
// does not document):
// - the path and method are an operation of the reference;
// - every query parameter is one of the operation's query parameters, with its type
//   (integer, number, boolean), enum and format;
// - the JSON body: every property is one the schema declares, recursively through nested objects
//   and arrays (following $ref), with its JSON type, enum, format and `nullable`; free-form objects
//   (`type: object` without properties, or additionalProperties: true) accept any member;
// - a body where the operation takes none, and no body where the reference requires one.
// Problems use the reference's error kinds: {"invalid value": [names]} and {"required": [names]}.
// Nested names are written as paths: `contact.primry`, `constraints[0].kee`.

import { readFileSync } from 'node:fs';

export const SPEC_URL = new URL('../contract/afosto-openapi.json', import.meta.url);

const cache = new Map();

// The parsed document at `url` (cached per process).
export function loadSpec(url = SPEC_URL) {
  const key = String(url);
  if (!cache.has(key)) cache.set(key, JSON.parse(readFileSync(url, 'utf8')));
  return cache.get(key);
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

const FORMATS = {
  uuid: (s) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s),
  'date-time': (s) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i.test(s) && !Number.isNaN(Date.parse(s)),
  date: (s) => /^\d{4}-\d\d-\d\d$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
  uri: (s) => {
    try {
      return Boolean(new URL(s).protocol);
    } catch {
      return false;
    }
  },
};

// An index of the document's operations: match(method, rawPath) and validate(op, request).
export function createValidator(spec = loadSpec()) {
  const schemas = spec.components?.schemas ?? {};
  const resolve = (schema) => {
    let s = schema;
    for (let hops = 0; s && s.$ref; hops++) {
      if (hops > 20 || !s.$ref.startsWith('#/components/schemas/')) throw new Error(`openapi: cannot follow $ref ${s.$ref}`);
      s = schemas[s.$ref.slice('#/components/schemas/'.length)];
    }
    return s ?? {};
  };

  // Operations by method, each with its path template as segments. Literal segments rank
  // before {parameters} when two templates match the same path.
  const operations = [];
  for (const [template, item] of Object.entries(spec.paths ?? {})) {
    const shared = item.parameters ?? [];
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const params = [...shared, ...(op.parameters ?? [])].map((p) => (p.$ref ? resolveParam(spec, p.$ref) : p));
      const query = new Map(params.filter((p) => p.in === 'query').map((p) => [p.name, p]));
      const json = op.requestBody?.content?.['application/json'];
      operations.push({
        method: method.toUpperCase(),
        template,
        operationId: op.operationId,
        segments: template.split('/').slice(1),
        literals: template.split('/').filter((s) => s && !s.startsWith('{')).length,
        query,
        body: op.requestBody ? { required: op.requestBody.required === true, schema: json?.schema, json: Boolean(json) } : null,
        responses: op.responses ?? {},
      });
    }
  }
  operations.sort((a, b) => b.literals - a.literals);

  const fits = (op, segments) => op.segments.length === segments.length &&
    op.segments.every((seg, i) => (seg.startsWith('{') ? segments[i] !== '' : seg === segments[i]));

  // The operation for a request: { op } or { status: 404 | 405 }. `segments` are decoded.
  function match(method, segments) {
    const candidates = operations.filter((op) => fits(op, segments));
    const op = candidates.find((o) => o.method === method);
    if (op) return { op };
    return { status: candidates.length ? 405 : 404, allowed: [...new Set(candidates.map((o) => o.method))] };
  }

  // The operation whose template is exactly `template` ("/a/{b}") and method, or null.
  const operation = (method, template) => operations.find((o) => o.method === method && o.template === template) ?? null;

  // Problems of one value against a schema, added to `errors` (kind -> names).
  function check(schemaIn, value, name, errors) {
    const schema = resolve(schemaIn);
    const bad = () => add(errors, 'invalid value', name || 'body');
    if (value === null) {
      if (!schema.nullable && schema.type) bad();
      return;
    }
    const type = schema.type ?? (schema.properties ? 'object' : schema.items ? 'array' : undefined);
    switch (type) {
      case 'string':
        if (typeof value !== 'string') return bad();
        if (schema.enum && !schema.enum.includes(value)) return bad();
        if (schema.format && FORMATS[schema.format] && !FORMATS[schema.format](value)) return bad();
        return;
      case 'integer':
        if (!Number.isInteger(value)) return bad();
        if (schema.enum && !schema.enum.includes(value)) return bad();
        return;
      case 'number':
        if (typeof value !== 'number' || !Number.isFinite(value)) return bad();
        if (schema.enum && !schema.enum.includes(value)) return bad();
        return;
      case 'boolean':
        if (typeof value !== 'boolean') return bad();
        return;
      case 'array':
        if (!Array.isArray(value)) return bad();
        if (schema.items) value.forEach((v, i) => check(schema.items, v, `${name}[${i}]`, errors));
        return;
      case 'object': {
        if (typeof value !== 'object' || Array.isArray(value)) return bad();
        const props = schema.properties ?? {};
        const extra = schema.additionalProperties;
        const freeForm = !schema.properties || extra === true;
        for (const [key, v] of Object.entries(value)) {
          const child = name ? `${name}.${key}` : key;
          if (Object.hasOwn(props, key)) check(props[key], v, child, errors);
          else if (extra && typeof extra === 'object') check(extra, v, child, errors);
          else if (!freeForm) add(errors, 'invalid value', child);
        }
        return;
      }
      default:
        return; // no type: anything goes
    }
  }

  // A query value (always a string on the wire) against its parameter schema.
  function checkQuery(param, raw, errors) {
    const schema = resolve(param.schema ?? {});
    const bad = () => add(errors, 'invalid value', param.name);
    switch (schema.type) {
      case 'integer':
        if (!/^-?\d+$/.test(raw)) return bad();
        return check(schema, Number(raw), param.name, errors);
      case 'number':
        if (raw.trim() === '' || !Number.isFinite(Number(raw))) return bad();
        return check(schema, Number(raw), param.name, errors);
      case 'boolean':
        if (raw !== 'true' && raw !== 'false') return bad();
        return;
      case 'array':
        return; // form-exploded arrays: each repeat is one item (strings in this document)
      default:
        return check(schema, raw, param.name, errors);
    }
  }

  // The reference's error kinds for one request, or null when it is valid.
  // query: { name: value }; body: the parsed JSON (undefined when none was sent).
  function validate(op, { query = {}, body } = {}) {
    const errors = {};
    for (const [key, value] of Object.entries(query)) {
      const param = op.query.get(key);
      if (!param) add(errors, 'invalid value', key);
      else checkQuery(param, value, errors);
    }
    if (body !== undefined) {
      if (!op.body) add(errors, 'invalid value', 'body');
      else if (op.body.json && op.body.schema) check(op.body.schema, body, '', errors);
    } else if (op.body?.required) {
      add(errors, 'required', 'body');
    }
    return Object.keys(errors).length ? errors : null;
  }

  // The same checks for an answer (the mock's self-test uses them): the status is one the
  // operation documents, and the JSON body has only documented properties of their types.
  function validateResponse(op, status, body) {
    const errors = {};
    const res = op.responses[String(status)];
    if (!res) add(errors, 'invalid value', `status ${status}`);
    else {
      const schema = res.content?.['application/json']?.schema;
      if (body !== undefined && !schema) add(errors, 'invalid value', 'body');
      else if (body !== undefined) check(schema, body, '', errors);
    }
    return Object.keys(errors).length ? errors : null;
  }

  return { match, operation, validate, validateResponse, operations };
}

function resolveParam(spec, ref) {
  const name = ref.replace('#/components/parameters/', '');
  const p = spec.components?.parameters?.[name];
  if (!p) throw new Error(`openapi: cannot follow $ref ${ref}`);
  return p;
}

function add(errors, kind, name) {
  const list = (errors[kind] ??= []);
  if (!list.includes(name)) list.push(name);
}

// A one-line summary of the problems: "invalid value: metod_id; required: body".
export const describeErrors = (errors) => Object.entries(errors).map(([k, v]) => `${k}: ${v.join(', ')}`).join('; ');
