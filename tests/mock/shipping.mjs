// shipping.mjs: shipping methods (/lcs/methods) and carrier service points (/lcs/points/*,
// /lcs/dpd/points*). Backed by data/methods.json, data/points.json and data/areas.json.
// Points belong to a postal area; a query's postal code picks the area and distances are
// measured from that area's centroid. A `pointLimit` (mock config) above the real count adds
// synthetic points.

import { MockError, badRequest, notFound, json, loadJson, compactPostal, distanceMetres, round6, stableUuid } from './common.mjs';

export const POINT_CARRIERS = ['postnl', 'dhl', 'dpd'];
export const DEFAULT_POINT_LIMIT = 50;
export const MAX_POINT_LIMIT = 10000;
const POSTAL_QUERY = { NL: /^\d{4}([A-Z]{2})?$/, BE: /^\d{4}$/, DE: /^\d{5}$/ };
const SYNTH_ID = /^(postnl|dhl|dpd)-syn-([A-Z]{2}-\d+)-(\d+)$/;
const SYNTH_DPD_BASE = 900000000;

export function createShipping(ctx) {
  const methods = loadJson('methods.json');
  const points = loadJson('points.json');
  const areas = loadJson('areas.json');

  const byCarrierArea = new Map(); // "carrier|areaId" -> points of that carrier in that area
  const byCarrierId = new Map(); // "carrier|id" -> point
  const dpdByShopId = new Map(); // parcelShopId -> dpd point
  for (const p of points) {
    const k = `${p.carrier}|${p.area}`;
    if (!byCarrierArea.has(k)) byCarrierArea.set(k, []);
    byCarrierArea.get(k).push(p);
    byCarrierId.set(`${p.carrier}|${p.id}`, p);
    if (p.dpd) dpdByShopId.set(String(p.dpd.parcelShopId), p);
  }
  // Points' own postal codes also tell where a postal code is.
  const pointPostals = new Map();
  for (const p of points) {
    const k = `${p.address.country_code}|${compactPostal(p.address.postal_code)}`;
    if (!pointPostals.has(k)) pointPostals.set(k, { lat: p.latitude, long: p.longitude });
  }

  // ---- postal area lookup ----
  // NL: the first 4 digits name the area. BE/DE: the area itself, else the area whose centroid
  // is nearest to where the postal code is (within 50 km), else the area sharing its leading digits.
  function resolveArea(cc, postal) {
    const p = compactPostal(postal);
    const inCountry = areas.filter((a) => a.country_code === cc);
    if (cc === 'NL') return inCountry.find((a) => a.postal_code === p.slice(0, 4)) ?? null;
    const exact = inCountry.find((a) => a.postal_code === p);
    if (exact) return exact;
    const loc = ctx.addresses.locatePostal(cc, p) ?? pointPostals.get(`${cc}|${p}`);
    if (loc) {
      const nearest = inCountry
        .map((a) => ({ a, d: distanceMetres(loc.lat, loc.long, a.latitude, a.longitude) }))
        .sort((x, y) => x.d - y.d)[0];
      if (nearest && nearest.d <= 50000) return nearest.a;
    }
    return inCountry.find((a) => p.startsWith(a.prefix)) ?? null;
  }

  // ---- synthetic points (limit > real count) ----
  function synthPoint(carrier, area, k) {
    const real = byCarrierArea.get(`${carrier}|${area.id}`) ?? [];
    if (!real.length || k < real.length) return null;
    const tpl = real[k % real.length];
    const r = 3100 + k * 3, angle = k * 2.399963; // golden-angle spiral, beyond the real points
    const latitude = round6(area.latitude + (r * Math.cos(angle)) / 111320);
    const longitude = round6(area.longitude + (r * Math.sin(angle)) / (111320 * Math.cos((area.latitude * Math.PI) / 180)));
    const id = `${carrier}-syn-${area.id}-${k}`;
    const name = `${tpl.name} ${k}`;
    const number = 200 + k;
    const address = { ...tpl.address, address_line_1: `${tpl.address.thoroughfare} ${number}`, premise_number: number, organisation: name };
    if ('premise_number_suffix' in address) address.premise_number_suffix = null;
    const p = { id, carrier, area: area.id, name, latitude, longitude, address, openings: tpl.openings };
    if (tpl.dpd) {
      p.dpd = { ...tpl.dpd, parcelShopId: SYNTH_DPD_BASE + areas.indexOf(area) * 100000 + k, pudoId: id, company: name, houseNo: String(number) };
    }
    return p;
  }

  // One point by carrier and id (real or synthetic); dpd also by parcelShopId.
  function findPoint(carrier, id) {
    const real = byCarrierId.get(`${carrier}|${id}`) ?? (carrier === 'dpd' ? dpdByShopId.get(String(id)) : undefined);
    if (real) return real;
    const m = SYNTH_ID.exec(id);
    if (m && m[1] === carrier) {
      const area = areas.find((a) => a.id === m[2]);
      return area ? synthPoint(carrier, area, Number(m[3])) : null;
    }
    if (carrier === 'dpd' && /^\d+$/.test(id) && Number(id) >= SYNTH_DPD_BASE) {
      const n = Number(id) - SYNTH_DPD_BASE;
      const area = areas[Math.floor(n / 100000)];
      return area ? synthPoint('dpd', area, n % 100000) : null;
    }
    return null;
  }
  const findAnyPoint = (id) => POINT_CARRIERS.map((c) => findPoint(c, id)).find(Boolean) ?? null;

  // Validated point-list query: { cc, postal } or a 400. How many points a list has is the mock's
  // config (`pointLimit`): the reference documents no limit parameter.
  function pointQuery(query) {
    if (!query.postal_code || !query.postal_code.trim()) throw badRequest('postal_code is required', { required: ['postal_code'] });
    const cc = String(query.country_code ?? 'NL').toUpperCase();
    if (POSTAL_QUERY[cc] && !POSTAL_QUERY[cc].test(compactPostal(query.postal_code))) {
      throw badRequest(`Invalid postal_code for ${cc}`, { 'invalid value': ['postal_code'] });
    }
    return { cc, postal: query.postal_code, limit: ctx.config.pointLimit };
  }

  // [{distance, point}] of a carrier near a postal code, nearest first.
  function pointsNear(carrier, cc, postal, limit = ctx.config.pointLimit) {
    const area = resolveArea(cc, postal);
    if (!area) return [];
    const real = byCarrierArea.get(`${carrier}|${area.id}`) ?? [];
    const all = real.map((point) => ({ distance: distanceMetres(area.latitude, area.longitude, point.latitude, point.longitude), point }));
    for (let k = real.length; k < limit; k++) {
      const point = synthPoint(carrier, area, k);
      if (!point) break;
      all.push({ distance: distanceMetres(area.latitude, area.longitude, point.latitude, point.longitude), point });
    }
    all.sort((x, y) => x.distance - y.distance || x.point.id.localeCompare(y.point.id));
    return all.slice(0, limit);
  }

  // Applies /__mock/config carriers[carrier]: { delayMs, fail }.
  function carrierGate(carrier) {
    const c = ctx.config.carriers[carrier] ?? {};
    const delayMs = c.delayMs ?? 0;
    if (c.fail) throw new MockError(c.fail, `Carrier ${carrier} is unavailable (mock config)`, {}, { delayMs, headers: c.fail === 429 ? { 'retry-after': '1' } : {} });
    return delayMs;
  }

  function checkCarrier(carrier) {
    if (!POINT_CARRIERS.includes(carrier)) throw notFound(`Unknown carrier ${JSON.stringify(carrier)}`);
  }

  // ---- wire shapes ----
  const lcsPoint = (p) => ({ id: p.id, name: p.name, carrier: p.carrier, latitude: p.latitude, longitude: p.longitude, address: p.address, openings: p.openings });
  // OdrPoint: "longtitude" (sic, as documented) and an address with an id.
  const odrPoint = (p) => ({
    id: p.id, name: p.name, carrier: p.carrier, latitude: p.latitude, longtitude: p.longitude,
    address: { id: stableUuid(`point-address:${p.carrier}:${p.id}`), ...p.address }, openings: p.openings,
  });
  const dpdShop = (p, distance) => {
    const d = p.dpd;
    return {
      parcelShopId: d.parcelShopId, pudoId: d.pudoId, company: d.company, street: d.street, houseNo: d.houseNo,
      country: p.address.country_code, countryNum: d.countryNum, zipCode: p.address.postal_code, city: p.address.locality, town: d.town,
      phone: d.phone, fax: d.fax, email: d.email, homepage: d.homepage, latitude: p.latitude, longitude: p.longitude,
      coordinateX: d.coordinateX, coordinateY: d.coordinateY, coordinateZ: d.coordinateZ, distance,
      expressPickupTime: d.expressPickupTime, extraInfo: d.extraInfo, openingHours: d.openingHours, services: d.services,
    };
  };

  const methodById = (id) => methods.find((m) => m.id === id) ?? null;
  const methodsFor = (cc) => methods.filter((m) => m.countries.some((c) => c.code === cc));

  const routes = [
    ['GET', '/lcs/methods', (req) => {
      const cc = req.query.country_code;
      return json(cc ? methodsFor(cc.toUpperCase()) : methods);
    }],

    ['GET', '/lcs/methods/:id', (req) => {
      const m = methodById(req.params.id);
      if (!m) throw notFound();
      return json(m);
    }],

    ['GET', '/lcs/points/:carrier', (req) => {
      const { carrier } = req.params;
      checkCarrier(carrier);
      const q = pointQuery(req.query);
      const delayMs = carrierGate(carrier);
      return json(pointsNear(carrier, q.cc, q.postal, q.limit).map(({ distance, point }) => ({ distance, point: lcsPoint(point) })), 200, { delayMs });
    }],

    ['GET', '/lcs/points/:carrier/:id', (req) => {
      const { carrier, id } = req.params;
      checkCarrier(carrier);
      const delayMs = carrierGate(carrier);
      const p = findPoint(carrier, id);
      if (!p) throw notFound();
      return json(lcsPoint(p), 200, { delayMs });
    }],

    ['GET', '/lcs/dpd/points', (req) => {
      const q = pointQuery(req.query);
      const delayMs = carrierGate('dpd');
      return json({ parcelShop: pointsNear('dpd', q.cc, q.postal, q.limit).map(({ distance, point }) => dpdShop(point, distance)) }, 200, { delayMs });
    }],

    ['GET', '/lcs/dpd/points/:id', (req) => {
      const delayMs = carrierGate('dpd');
      const p = findPoint('dpd', req.params.id);
      if (!p) throw notFound();
      const area = areas.find((a) => a.id === p.area);
      return json({ parcelShop: [dpdShop(p, distanceMetres(area.latitude, area.longitude, p.latitude, p.longitude))] }, 200, { delayMs });
    }],
  ];

  return { routes, reset() {}, methodById, methodsFor, pointsNear, findAnyPoint, odrPoint };
}
