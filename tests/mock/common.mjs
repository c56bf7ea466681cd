// common.mjs: helpers shared by the mock's modules: the error type, response helpers,
// body checks, text normalisation, geo maths and data loading. No state lives here.

import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';

// Thrown by handlers; the server turns it into the Afosto error body
// {code, message, reference, errors}. errors: problem kind -> snake_case property names.
export class MockError extends Error {
  constructor(status, message, errors = {}, { headers = {}, delayMs = 0 } = {}) {
    super(message);
    this.status = status;
    this.errors = errors;
    this.headers = headers;
    this.delayMs = delayMs;
  }
}

export const notFound = (message = 'Entity not found') => new MockError(404, message);
export const badRequest = (message, errors = {}) => new MockError(400, message, errors);

// Handler results. `body` is a JS value (serialised as JSON) or undefined (no body).
export const json = (body, status = 200, extra = {}) => ({ status, body, ...extra });
export const noContent = (status = 204) => ({ status, body: undefined });

// Data files under tests/mock/data/.
export function loadJson(name) {
  return JSON.parse(readFileSync(new URL(`./data/${name}`, import.meta.url), 'utf8'));
}

// ---- request bodies -------------------------------------------------------

export const isBlank = (v) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

// The parsed body as an object ({} for an empty body); 400 for arrays/scalars.
export function objectBody(req) {
  if (req.body === null || req.body === undefined) return {};
  if (typeof req.body !== 'object' || Array.isArray(req.body)) throw badRequest('Request body must be a JSON object');
  return req.body;
}

// 400 {"required": [...]} when any of the names is blank; 400 {"invalid value": [...]} when
// present but not a string.
export function requireStrings(body, names) {
  const missing = names.filter((n) => isBlank(body[n]));
  if (missing.length) throw badRequest(`Missing required field(s): ${missing.join(', ')}`, { required: missing });
  const wrong = names.filter((n) => typeof body[n] !== 'string');
  if (wrong.length) throw badRequest(`Field(s) must be strings: ${wrong.join(', ')}`, { 'invalid value': wrong });
}

// 400 when an optional field is present but not a string.
export function optionalStrings(body, names) {
  const wrong = names.filter((n) => body[n] !== undefined && body[n] !== null && typeof body[n] !== 'string');
  if (wrong.length) throw badRequest(`Field(s) must be strings: ${wrong.join(', ')}`, { 'invalid value': wrong });
}

export const looksLikeEmail = (s) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s);

// An absolute http(s) URL (a return URL).
export function isHttpUrl(v) {
  if (typeof v !== 'string') return false;
  try {
    return ['http:', 'https:'].includes(new URL(v).protocol);
  } catch {
    return false;
  }
}

// Text for an HTML page.
export const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

// ---- formatting -------------------------------------------------------------

// ISO 8601 UTC with Z and whole seconds: 2024-05-01T12:00:00Z
export const isoSeconds = (ms) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

export const b64url = (input) => Buffer.from(input).toString('base64url');
export const fromB64url = (s) => Buffer.from(s, 'base64url').toString('utf8');

// A stable, uuid-shaped id derived from a string (so derived ids never change between runs).
export function stableUuid(seed) {
  const h = createHash('sha1').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

// ---- text -------------------------------------------------------------------

// Lower-case, accents stripped, ß -> ss, every run of non-alphanumerics -> one space.
export function normText(s) {
  return String(s ?? '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

// Postal code for comparisons: upper-case, no spaces ("1012 lg" -> "1012LG").
export const compactPostal = (s) => String(s ?? '').replace(/\s+/g, '').toUpperCase();

// Postal code for display: NL gets its space ("1012LG" -> "1012 LG").
export function displayPostal(cc, s) {
  const c = compactPostal(s);
  return cc === 'NL' && /^\d{4}[A-Z]{2}$/.test(c) ? `${c.slice(0, 4)} ${c.slice(4)}` : c;
}

// "Damrak 1A", "Damrak 12-hs": single letters are written on, anything else with a hyphen.
export function houseNumber(number, suffix) {
  if (!suffix) return `${number}`;
  return /^[A-Za-z]$/.test(suffix) ? `${number}${suffix}` : `${number}-${suffix}`;
}

// ---- geo ----------------------------------------------------------------------

// Great-circle distance in whole metres.
export function distanceMetres(lat1, lon1, lat2, lon2) {
  const R = 6371008.8;
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return Math.round(2 * R * Math.asin(Math.sqrt(a)));
}

export const round6 = (x) => Math.round(x * 1e6) / 1e6;

// A box around a point, padded by `pad` degrees.
export const boxAround = (lat, long, pad) => ({
  north_east: { lat: round6(lat + pad), long: round6(long + pad * 1.6) },
  south_west: { lat: round6(lat - pad), long: round6(long - pad * 1.6) },
});

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
