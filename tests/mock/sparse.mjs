// sparse.mjs: the mock's "sparse" mode (POST /__mock/config {"sparse": true}). Answers keep only
// what the package's types (API.md) require, the way a server with omitempty encoders and
// nothing to say would send them, and every list answer has one element that lacks a field the
// package needs, so the client's "leave the element out and report it" rule can be seen.
//
// Per field, from API.md's types:
// - KEEP: a required field; kept, except `null`, `false` and `[]`, which the package reads as
//   missing (API.md: a missing array reads as [], a missing boolean as false);
// - dflt(v): a field with a documented default; left out when it has that value;
// - every field not listed (API.md types it optional, or does not type it) is left out;
// - obj({...}): a nested object; opt: true leaves it out when nothing of it is left;
// - list(item, miss): a list; `miss` is the path of a required field that is taken out of one
//   element: the second one (the only one, when there is one).
// Fields whose presence is the answer stay when sent (`active`, `result`, `primary`): they are
// optional only because there may be nothing to report.

const KEEP = { kind: 'keep' };
const dflt = (value) => ({ kind: 'default', value });
const obj = (fields, { opt = false } = {}) => ({ kind: 'object', fields, opt });
const list = (item, miss = null) => ({ kind: 'list', item, miss });
const keep = (...names) => Object.fromEntries(names.map((n) => [n, KEEP]));

// ---- API.md types ----
const ADDRESS_INPUT = obj(keep('country_code'));
const ADDRESS = obj(keep('id', 'country_code'));
const GEO = obj(keep('lat', 'long', 'is_precise'));
const OPENINGS = list(obj({ weekday: KEEP, windows: list(obj(keep('start', 'end'))) }));
const POINT = obj({ ...keep('id', 'name', 'carrier', 'latitude', 'longitude', 'longtitude'), address: ADDRESS_INPUT, openings: OPENINGS });
const MATCH = obj({ distance: KEEP, point: POINT });
// A DPD parcel shop: what the package maps into a ServicePoint (pudoId -> id, company -> name,
// country -> address.countryCode, the coordinates, distance, openingHours -> openings).
const DPD_SHOP = obj({
  ...keep('pudoId', 'company', 'country', 'latitude', 'longitude', 'distance'),
  openingHours: list(obj(keep('weekday', 'openMorning', 'closeMorning', 'openAfternoon', 'closeAfternoon'))),
});
const METHOD = obj({
  ...keep('id', 'carrier_code', 'name', 'is_configured', 'is_same_day', 'is_sunday', 'is_carrier_location', 'is_neighbour_allowed', 'is_enabled'),
  countries: list(obj(keep('code', 'amount'))),
  priority: dflt(100),
});
const CHOICES = obj({ primary: ADDRESS, secondary: list(ADDRESS, ['country_code']) }, { opt: true });
const SIGNED_TOKEN = obj(keep('token', 'expires_at'));
const ACCESS_TOKEN = obj({ access_token: KEEP, token_type: dflt('Bearer'), expires_in: dflt(3600) });
const ACTIVE_METHOD = obj(keep('method_id', 'is_split_allowed'));
const ACTIVE_POINT = obj(keep('spid', 'country_code'));
const SHIPPING_CHOICES = obj({ active: ADDRESS, options: obj({ contact: CHOICES, organisation: CHOICES, session: CHOICES }) });
const PHONE = obj(keep('id', 'country_code', 'number'));
const NOTHING = obj({}); // the package's method answers void: nothing of the body is required
const ACTIVE_PAYMENT = obj(keep('method_id')); // issuerId is optional
const ADJUSTMENT = obj(keep('amount', 'is_percentage', 'is_discount'));
// CheckoutTotals: sku, description, vat_percentage, currency and is_including_vat are optional.
const TOTALS = obj({
  items: list(obj({ ...keep('quantity', 'amount', 'subtotal', 'total'), adjustments: list(ADJUSTMENT) }), ['quantity']),
  services: list(obj({ ...keep('type', 'amount', 'is_percentage', 'quantity', 'subtotal', 'total'), adjustments: list(ADJUSTMENT) }), ['type']),
  adjustments: list(ADJUSTMENT, ['amount']),
  subtotal: KEEP,
  total: KEEP,
  vat: list(obj(keep('rate', 'amount')), ['rate']),
});

// Route ("METHOD /path/:param", as the route tables write it) -> answer shape. Routes not
// listed (204s, delivery windows and GET .../phonenumbers, which the package does not type)
// answer as usual.
export const SPARSE_SHAPES = {
  'POST /rel/identity/create': SIGNED_TOKEN,
  'POST /rel/identity/authorize': SIGNED_TOKEN,
  'POST /rel/identity/reset': SIGNED_TOKEN,
  'POST /rel/identity/verify': SIGNED_TOKEN,
  'POST /rel/identity/tokens': obj(keep('status')),
  'GET /iam/jwt/extend': ACCESS_TOKEN,
  'GET /iam/jwt/revoke': ACCESS_TOKEN,
  'GET /rel/options/addresses': obj(keep('country_code', 'required', 'allowed')),
  'GET /rel/search/addresses': obj(keep('session_key')),
  'POST /rel/search/addresses': obj({ options: list(obj(keep('value', 'precision', 'label')), ['precision']), result: GEO }),
  'POST /rel/geocode': GEO,
  'POST /rel/addresses': ADDRESS,
  'GET /rel/addresses/:id': ADDRESS,
  'GET /rel/addresses/:id/geocode': GEO,
  'POST /rel/search/address': list(ADDRESS, ['country_code']),
  'GET /lcs/methods': list(METHOD, ['carrier_code']),
  'GET /lcs/methods/:id': METHOD,
  'GET /lcs/points/:carrier': list(MATCH, ['point', 'name']),
  'GET /lcs/points/:carrier/:id': POINT,
  'GET /lcs/dpd/points': obj({ parcelShop: list(DPD_SHOP, ['company']) }),
  // one shop looked up by id: a one-element list, but not a list answer (nothing taken out)
  'GET /lcs/dpd/points/:id': obj({ parcelShop: list(DPD_SHOP) }),
  'POST /odr/sessions': obj(keep('id', 'expires_at')),
  'GET /odr/sessions/:id': obj(keep('expires_at')),
  'GET /odr/sessions/:id/contact': obj(keep('email', 'tags')),
  'POST /odr/sessions/:id/address': ADDRESS,
  'PUT /odr/sessions/:id/shipping': ADDRESS,
  'GET /odr/sessions/:id/shipping': SHIPPING_CHOICES,
  'GET /odr/sessions/:id/shipping/methods': obj({ active: ACTIVE_METHOD, options: list(obj(keep('id', 'carrier', 'name', 'type', 'price')), ['carrier']) }),
  'PUT /odr/sessions/:id/shipping/methods': ACTIVE_METHOD,
  'GET /odr/sessions/:id/shipping/point': obj({ active: ACTIVE_POINT, options: list(MATCH, ['point', 'name']) }),
  'PUT /odr/sessions/:id/shipping/point': ACTIVE_POINT,
  'PUT /odr/sessions/:id/order': NOTHING,
  'POST /odr/sessions/:id/phonenumbers': PHONE,
  'PUT /odr/sessions/:id/phonenumbers': NOTHING,
  'PUT /odr/sessions/:id/billing': ADDRESS,
  'GET /odr/sessions/:id/billing': SHIPPING_CHOICES,
  // "acitve" (sic); an issuer's id is its method_id
  'GET /odr/sessions/:id/billing/methods': obj({
    acitve: ACTIVE_PAYMENT,
    options: list(obj({ ...keep('method_id', 'name'), issuers: list(obj(keep('method_id', 'name'))) }), ['name']),
  }),
  'PUT /odr/sessions/:id/billing/methods': ACTIVE_PAYMENT,
  'GET /odr/sessions/:id/projection': TOTALS,
  // placeOrder reads the calculation's id and total
  'GET /odr/sessions/:id/calculation': obj(keep('id', 'total')),
  // forward_uri is optional (nothing to pay), but its presence is the answer
  'POST /odr/sessions/:id/authorize': obj(keep('accepted', 'forward_uri')),
  'GET /odr/transactions/:secret': obj({
    ...keep('id', 'amount_due', 'amount_paid'),
    payments: list(obj(keep('id', 'amount', 'is_pending', 'is_paid')), ['amount']),
  }),
};

const isEmptyValue = (v) => v === undefined || v === null || v === false || (Array.isArray(v) && v.length === 0);

// A new value shaped by `shape` (the input is never changed); undefined means "leave it out".
function apply(shape, value) {
  switch (shape.kind) {
    case 'keep':
      return isEmptyValue(value) ? undefined : value;
    case 'default':
      return value === null || value === shape.value ? undefined : value;
    case 'object': {
      if (value === null || value === undefined) return undefined;
      if (typeof value !== 'object' || Array.isArray(value)) return value;
      const out = {};
      for (const [name, field] of Object.entries(shape.fields)) {
        if (!Object.hasOwn(value, name)) continue;
        const v = apply(field, value[name]);
        if (v !== undefined) out[name] = v;
      }
      return shape.opt && Object.keys(out).length === 0 ? undefined : out;
    }
    case 'list': {
      if (value === null || value === undefined) return undefined;
      if (!Array.isArray(value)) return value;
      const out = value.map((v) => apply(shape.item, v));
      if (shape.miss && out.length) removePath(out[out.length > 1 ? 1 : 0], shape.miss);
      return out.length ? out : undefined;
    }
    default:
      throw new Error(`sparse: unknown shape ${shape.kind}`);
  }
}

function removePath(target, path) {
  let o = target;
  for (const key of path.slice(0, -1)) {
    if (!o || typeof o !== 'object') return;
    o = o[key];
  }
  if (o && typeof o === 'object') delete o[path[path.length - 1]];
}

// The sparse answer body for a route, or the body unchanged when the route has no shape. A
// top-level list stays a list (possibly empty).
export function sparseBody(method, path, body) {
  const shape = SPARSE_SHAPES[`${method} ${path}`];
  if (!shape || body === undefined) return body;
  const out = apply(shape, body);
  if (out === undefined) return shape.kind === 'list' ? [] : {};
  return out;
}
