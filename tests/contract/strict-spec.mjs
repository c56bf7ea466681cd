// A strict copy of the reference's OpenAPI document for the Prism contract test, made at test
// time (never committed). The reference marks nothing required and sets no
// additionalProperties, so Prism accepts `{"metod_id": "x"}`. Here every object schema a request
// body reaches (through $ref, properties, items, additionalProperties) that declares properties
// gets `additionalProperties: false`; free-form objects (no properties) stay open.
// Prism does not check query parameter names at all: `unknownQueryNames` does that for the
// test's injected fetch.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createValidator } from "../mock/openapi.mjs";

/** The strict copy of `spec` (a deep copy; `spec` is not changed). */
export function strictify(spec) {
  const out = structuredClone(spec);
  const schemas = out.components?.schemas ?? {};
  const seen = new Set();
  const visit = (schema) => {
    if (!schema || typeof schema !== "object" || seen.has(schema)) return;
    seen.add(schema);
    if (schema.$ref) {
      if (!schema.$ref.startsWith("#/components/schemas/")) throw new Error(`strict-spec: cannot follow ${schema.$ref}`);
      return visit(schemas[schema.$ref.slice("#/components/schemas/".length)]);
    }
    if (schema.properties && schema.additionalProperties === undefined) schema.additionalProperties = false;
    for (const child of Object.values(schema.properties ?? {})) visit(child);
    if (typeof schema.additionalProperties === "object") visit(schema.additionalProperties);
    visit(schema.items);
    for (const key of ["allOf", "anyOf", "oneOf"]) for (const s of schema[key] ?? []) visit(s);
  };
  let bodies = 0;
  for (const item of Object.values(out.paths ?? {})) {
    for (const op of Object.values(item)) {
      for (const media of Object.values(op?.requestBody?.content ?? {})) {
        visit(media.schema);
        bodies++;
      }
    }
  }
  return { spec: out, bodies, closed: [...seen].filter((s) => s.additionalProperties === false).length };
}

/** Writes the strict copy of the document at `src` to a temporary file; returns its path and counts. */
export function writeStrictSpec(src) {
  const { spec, bodies, closed } = strictify(JSON.parse(fs.readFileSync(src, "utf8")));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "afosto-strict-spec-"));
  const file = path.join(dir, "afosto-openapi.strict.json");
  fs.writeFileSync(file, JSON.stringify(spec));
  return { file, dir, bodies, closed, spec };
}

/**
 * The query names of `url` that its operation (matched by method and path) does not document,
 * as Prism-style violations; [] when all are documented. An unknown path is left to Prism (404).
 */
export function queryChecker(spec) {
  const validator = createValidator(spec);
  return (method, url) => {
    const u = new URL(url);
    const segments = u.pathname.split("/").slice(1).map((s) => decodeURIComponent(s));
    const { op } = validator.match(method.toUpperCase(), segments);
    if (!op) return [];
    return [...new Set(u.searchParams.keys())].filter((name) => !op.query.has(name)).map((name) => ({
      location: ["request", "query", name], severity: "Error", code: "additionalProperties",
      message: `Request query parameter ${name} is not documented for ${method.toUpperCase()} ${op.template}`,
    }));
  };
}
