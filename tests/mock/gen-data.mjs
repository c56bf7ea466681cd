// gen-data.mjs: generates the mock's address, postal-area and service-point data files.
// Deterministic (fixed-seed PRNG): running it twice gives byte-identical output.
// Usage: node tests/mock/gen-data.mjs   (writes tests/mock/data/{addresses,areas,points}.json)
// methods.json and address-formats.json are hand-written and not touched here.

import { writeFileSync, mkdirSync } from 'node:fs';

const OUT = new URL('./data/', import.meta.url);

// mulberry32: tiny seeded PRNG, so the data is reproducible.
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rng = mulberry32(20240501);
const int = (lo, hi) => lo + Math.floor(rng() * (hi - lo + 1));
const pick = (list) => list[Math.floor(rng() * list.length)];
const round6 = (x) => Math.round(x * 1e6) / 1e6;

// One JSON value per line: readable diffs, modest file size.
function writeLines(name, items) {
  const text = '[\n' + items.map((x) => JSON.stringify(x)).join(',\n') + '\n]\n';
  writeFileSync(new URL(name, OUT), text);
  console.log(`wrote data/${name} (${items.length} entries)`);
}

// ---------------------------------------------------------------------------
// Addresses: real streets, house numbers interpolated between two real-ish coordinates.
// postal: list of postal codes, each covering `per` consecutive house numbers.
// suffixes: extra entries {number: [suffix, ...]} next to the plain number.
const STREETS = [
  // Amsterdam
  { cc: 'NL', loc: 'Amsterdam', adm: 'Noord-Holland', name: 'Damrak', from: [52.3775, 4.8985], to: [52.3734, 4.8936], count: 40,
    postal: ['1012 LG', '1012 LH', '1012 LJ', '1012 LK', '1012 LL', '1012 LM', '1012 LN', '1012 LP'], per: 5,
    suffixes: { 1: ['A', 'B'], 12: ['H'], 25: ['1', '2'], 33: ['hs'] } },
  { cc: 'NL', loc: 'Amsterdam', adm: 'Noord-Holland', name: 'Dam', from: [52.3731, 4.8922], to: [52.3729, 4.8945], count: 20,
    postal: ['1012 JS', '1012 NP'], per: 10, suffixes: { 5: ['A'] } },
  { cc: 'NL', loc: 'Amsterdam', adm: 'Noord-Holland', name: 'Damstraat', from: [52.3726, 4.8950], to: [52.3718, 4.8978], count: 30,
    postal: ['1012 JL', '1012 JM'], per: 15, suffixes: { 2: ['A', 'B'], 16: ['1'] } },
  { cc: 'NL', loc: 'Amsterdam', adm: 'Noord-Holland', name: 'Rokin', from: [52.3720, 4.8928], to: [52.3677, 4.8915], count: 30,
    postal: ['1012 KK', '1012 KL', '1012 KT'], per: 10, suffixes: { 9: ['A'] } },
  { cc: 'NL', loc: 'Amsterdam', adm: 'Noord-Holland', name: 'Kalverstraat', from: [52.3725, 4.8918], to: [52.3675, 4.8910], count: 30,
    postal: ['1012 NX', '1012 NZ', '1012 PA'], per: 10, suffixes: {} },
  { cc: 'NL', loc: 'Amsterdam', adm: 'Noord-Holland', name: 'Warmoesstraat', from: [52.3755, 4.8985], to: [52.3730, 4.8955], count: 20,
    postal: ['1012 HT', '1012 HV'], per: 10, suffixes: { 4: ['2'] } },
  // Utrecht
  { cc: 'NL', loc: 'Utrecht', adm: 'Utrecht', name: 'Oudegracht', from: [52.0945, 5.1170], to: [52.0850, 5.1235], count: 40,
    postal: ['3511 AA', '3511 AB', '3511 AC', '3511 AD'], per: 10, suffixes: { 3: ['A', 'bis'], 21: ['B'] } },
  { cc: 'NL', loc: 'Utrecht', adm: 'Utrecht', name: 'Vredenburg', from: [52.0930, 5.1145], to: [52.0918, 5.1160], count: 20,
    postal: ['3511 BA', '3511 BB'], per: 10, suffixes: {} },
  { cc: 'NL', loc: 'Utrecht', adm: 'Utrecht', name: 'Lange Viestraat', from: [52.0940, 5.1160], to: [52.0935, 5.1180], count: 12,
    postal: ['3511 BK'], per: 12, suffixes: { 2: ['A'] } },
  // Rotterdam
  { cc: 'NL', loc: 'Rotterdam', adm: 'Zuid-Holland', name: 'Coolsingel', from: [51.9245, 4.4770], to: [51.9170, 4.4810], count: 30,
    postal: ['3011 AD', '3011 AE', '3011 AG'], per: 10, suffixes: {} },
  { cc: 'NL', loc: 'Rotterdam', adm: 'Zuid-Holland', name: 'Hoogstraat', from: [51.9215, 4.4855], to: [51.9240, 4.4920], count: 25,
    postal: ['3011 PJ', '3011 PK', '3011 PL'], per: 9, suffixes: { 7: ['A', 'B'] } },
  { cc: 'NL', loc: 'Rotterdam', adm: 'Zuid-Holland', name: 'Meent', from: [51.9235, 4.4800], to: [51.9225, 4.4870], count: 25,
    postal: ['3011 JH', '3011 JJ', '3011 JK'], per: 9, suffixes: {} },
  // Brussels
  { cc: 'BE', loc: 'Bruxelles', adm: 'Bruxelles-Capitale', name: 'Rue Neuve', from: [50.8525, 4.3560], to: [50.8495, 4.3545], count: 30,
    postal: ['1000'], per: 999, suffixes: { 10: ['A'] } },
  { cc: 'BE', loc: 'Bruxelles', adm: 'Bruxelles-Capitale', name: 'Boulevard Anspach', from: [50.8510, 4.3490], to: [50.8440, 4.3480], count: 30,
    postal: ['1000'], per: 999, suffixes: {} },
  { cc: 'BE', loc: 'Bruxelles', adm: 'Bruxelles-Capitale', name: 'Rue du Marché aux Herbes', from: [50.8475, 4.3545], to: [50.8465, 4.3515], count: 20,
    postal: ['1000'], per: 999, suffixes: { 7: ['B'] } },
  { cc: 'BE', loc: 'Bruxelles', adm: 'Bruxelles-Capitale', name: 'Avenue Louise', from: [50.8370, 4.3590], to: [50.8250, 4.3680], count: 30,
    postal: ['1050'], per: 999, suffixes: {} },
  // Antwerp
  { cc: 'BE', loc: 'Antwerpen', adm: 'Antwerpen', name: 'Meir', from: [51.2185, 4.4045], to: [51.2175, 4.4130], count: 30,
    postal: ['2000'], per: 999, suffixes: { 24: ['A'] } },
  { cc: 'BE', loc: 'Antwerpen', adm: 'Antwerpen', name: 'Groenplaats', from: [51.2195, 4.4010], to: [51.2188, 4.4025], count: 15,
    postal: ['2000'], per: 999, suffixes: {} },
  { cc: 'BE', loc: 'Antwerpen', adm: 'Antwerpen', name: 'Frankrijklei', from: [51.2160, 4.4135], to: [51.2105, 4.4115], count: 25,
    postal: ['2000'], per: 999, suffixes: {} },
  // Gent
  { cc: 'BE', loc: 'Gent', adm: 'Oost-Vlaanderen', name: 'Veldstraat', from: [51.0530, 3.7225], to: [51.0475, 3.7270], count: 30,
    postal: ['9000'], per: 999, suffixes: { 3: ['A'] } },
  { cc: 'BE', loc: 'Gent', adm: 'Oost-Vlaanderen', name: 'Korenmarkt', from: [51.0545, 3.7210], to: [51.0540, 3.7222], count: 15,
    postal: ['9000'], per: 999, suffixes: {} },
  // Berlin (no suffixes: the DE address format does not allow premise_number_suffix)
  { cc: 'DE', loc: 'Berlin', adm: 'Berlin', name: 'Friedrichstraße', from: [52.5250, 13.3880], to: [52.5070, 13.3905], count: 40,
    postal: ['10117'], per: 999, suffixes: {} },
  { cc: 'DE', loc: 'Berlin', adm: 'Berlin', name: 'Invalidenstraße', from: [52.5310, 13.3820], to: [52.5280, 13.3700], count: 30,
    postal: ['10115'], per: 999, suffixes: {} },
  { cc: 'DE', loc: 'Berlin', adm: 'Berlin', name: 'Chausseestraße', from: [52.5290, 13.3840], to: [52.5360, 13.3770], count: 30,
    postal: ['10115'], per: 999, suffixes: {} },
  { cc: 'DE', loc: 'Berlin', adm: 'Berlin', name: 'Torstraße', from: [52.5290, 13.3990], to: [52.5285, 13.4100], count: 25,
    postal: ['10119'], per: 999, suffixes: {} },
  // Hamburg
  { cc: 'DE', loc: 'Hamburg', adm: 'Hamburg', name: 'Mönckebergstraße', from: [53.5510, 10.0000], to: [53.5525, 10.0080], count: 25,
    postal: ['20095'], per: 999, suffixes: {} },
  { cc: 'DE', loc: 'Hamburg', adm: 'Hamburg', name: 'Jungfernstieg', from: [53.5530, 9.9920], to: [53.5520, 9.9945], count: 20,
    postal: ['20354'], per: 999, suffixes: {} },
  // Munich
  { cc: 'DE', loc: 'München', adm: 'Bayern', name: 'Kaufingerstraße', from: [48.1380, 11.5700], to: [48.1372, 11.5740], count: 25,
    postal: ['80331'], per: 999, suffixes: {} },
  { cc: 'DE', loc: 'München', adm: 'Bayern', name: 'Marienplatz', from: [48.1375, 11.5748], to: [48.1372, 11.5762], count: 15,
    postal: ['80331'], per: 999, suffixes: {} },
  { cc: 'DE', loc: 'München', adm: 'Bayern', name: 'Leopoldstraße', from: [48.1560, 11.5840], to: [48.1700, 11.5860], count: 30,
    postal: ['80802'], per: 999, suffixes: {} },
];

function genAddresses() {
  const out = [];
  for (const s of STREETS) {
    for (let n = 1; n <= s.count; n++) {
      const t = s.count === 1 ? 0 : (n - 1) / (s.count - 1);
      const side = n % 2 === 0 ? 0.00005 : -0.00005; // odd and even numbers on opposite sides
      const base = {
        country_code: s.cc,
        thoroughfare: s.name,
        premise_number: n,
        premise_number_suffix: null,
        postal_code: s.postal[Math.min(s.postal.length - 1, Math.floor((n - 1) / s.per))],
        locality: s.loc,
        administrative_area: s.adm,
        lat: round6(s.from[0] + (s.to[0] - s.from[0]) * t + side),
        long: round6(s.from[1] + (s.to[1] - s.from[1]) * t - side),
      };
      out.push(base);
      for (const [i, suffix] of (s.suffixes[n] ?? []).entries()) {
        out.push({ ...base, premise_number_suffix: suffix, lat: round6(base.lat + 0.00002 * (i + 1)) });
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Postal areas that have service points. prefix: leading digits used as a last-resort match.
const AREAS = [
  { id: 'NL-1012', country_code: 'NL', postal_code: '1012', prefix: '1012', locality: 'Amsterdam', administrative_area: 'Noord-Holland', latitude: 52.374, longitude: 4.895, phone: '+31 20',
    streets: ['Damrak', 'Nieuwendijk', 'Warmoesstraat', 'Rokin', 'Kalverstraat', 'Spuistraat', 'Nieuwezijds Voorburgwal', 'Zeedijk', 'Haarlemmerstraat', 'Prins Hendrikkade'] },
  { id: 'NL-3511', country_code: 'NL', postal_code: '3511', prefix: '3511', locality: 'Utrecht', administrative_area: 'Utrecht', latitude: 52.092, longitude: 5.117, phone: '+31 30',
    streets: ['Oudegracht', 'Vredenburg', 'Lange Viestraat', 'Voorstraat', 'Nobelstraat', 'Steenweg', 'Twijnstraat', 'Amsterdamsestraatweg', 'Biltstraat'] },
  { id: 'NL-3011', country_code: 'NL', postal_code: '3011', prefix: '3011', locality: 'Rotterdam', administrative_area: 'Zuid-Holland', latitude: 51.9215, longitude: 4.4845, phone: '+31 10',
    streets: ['Hoogstraat', 'Meent', 'Coolsingel', 'Binnenrotte', 'Botersloot', 'Oppert', 'Goudsesingel', 'Nieuwemarkt'] },
  { id: 'BE-1000', country_code: 'BE', postal_code: '1000', prefix: '1', locality: 'Bruxelles', administrative_area: 'Bruxelles-Capitale', latitude: 50.8466, longitude: 4.3528, phone: '+32 2',
    streets: ['Rue Neuve', 'Boulevard Anspach', 'Rue du Midi', 'Rue Haute', "Chaussée d'Ixelles", 'Rue des Bouchers', 'Boulevard Adolphe Max', 'Rue Antoine Dansaert'],
    postals: ['1000', '1000', '1000', '1050', '1060', '1210'] },
  { id: 'BE-2000', country_code: 'BE', postal_code: '2000', prefix: '2', locality: 'Antwerpen', administrative_area: 'Antwerpen', latitude: 51.2194, longitude: 4.4025, phone: '+32 3',
    streets: ['Meir', 'Frankrijklei', 'Nationalestraat', 'Kammenstraat', 'Leopoldstraat', 'Hoogstraat', 'Lange Koepoortstraat', 'Italiëlei'],
    postals: ['2000', '2000', '2000', '2018', '2060'] },
  { id: 'BE-9000', country_code: 'BE', postal_code: '9000', prefix: '9', locality: 'Gent', administrative_area: 'Oost-Vlaanderen', latitude: 51.0543, longitude: 3.7174, phone: '+32 9',
    streets: ['Veldstraat', 'Korenmarkt', 'Vlaanderenstraat', 'Overpoortstraat', 'Sint-Pietersnieuwstraat', 'Brabantdam', 'Kortrijksesteenweg'],
    postals: ['9000'] },
  { id: 'DE-10115', country_code: 'DE', postal_code: '10115', prefix: '10', locality: 'Berlin', administrative_area: 'Berlin', latitude: 52.5323, longitude: 13.3846, phone: '+49 30',
    streets: ['Invalidenstraße', 'Chausseestraße', 'Friedrichstraße', 'Torstraße', 'Brunnenstraße', 'Bernauer Straße', 'Linienstraße', 'Oranienburger Straße'],
    postals: ['10115', '10115', '10117', '10119', '10435', '13355'] },
  { id: 'DE-20095', country_code: 'DE', postal_code: '20095', prefix: '20', locality: 'Hamburg', administrative_area: 'Hamburg', latitude: 53.5507, longitude: 10.0003, phone: '+49 40',
    streets: ['Mönckebergstraße', 'Spitalerstraße', 'Steindamm', 'Lange Reihe', 'Jungfernstieg', 'Rathausstraße', 'Steinstraße'],
    postals: ['20095', '20095', '20099', '20354'] },
  { id: 'DE-80331', country_code: 'DE', postal_code: '80331', prefix: '80', locality: 'München', administrative_area: 'Bayern', latitude: 48.1351, longitude: 11.574, phone: '+49 89',
    streets: ['Kaufingerstraße', 'Sendlinger Straße', 'Tal', 'Rosenheimer Straße', 'Sonnenstraße', 'Leopoldstraße', 'Theresienstraße'],
    postals: ['80331', '80331', '80333', '80335', '80802'] },
];

// ---------------------------------------------------------------------------
// Opening-hours profiles. Weekday: ISO 8601, 1 = Monday .. 7 = Sunday. A window whose end is
// earlier than its start runs past midnight ("18:00"-"01:00").
const days = (list, windows) => list.map((weekday) => ({ weekday, windows: windows.map(([start, end]) => ({ start, end })) }));
const sortDays = (xs) => xs.sort((a, b) => a.weekday - b.weekday);
const PROFILES = {
  // long hours incl. late evenings, Sunday afternoon
  supermarket: () => sortDays([...days([1, 2, 3, 4, 5, 6], [['08:00', '22:00']]), ...days([7], [['12:00', '20:00']])]),
  // German supermarket: closed Sunday (no entry)
  supermarketDE: () => sortDays(days([1, 2, 3, 4, 5, 6], [['07:00', '22:00']])),
  // lunch break Mon-Fri, short Saturday, Sunday missing
  lunchShop: () => sortDays([...days([1, 2, 3, 4, 5], [['09:00', '12:30'], ['13:30', '18:00']]), ...days([6], [['09:00', '13:00']])]),
  // Monday afternoon only, late Thursday, Sunday present but empty
  bookshop: () => sortDays([...days([1], [['13:00', '18:00']]), ...days([2, 3, 5], [['09:00', '18:00']]), ...days([4], [['09:00', '21:00']]),
    ...days([6], [['09:00', '17:00']]), ...days([7], [])]),
  // petrol station: past midnight on Friday, Saturday and Sunday
  petrol: () => sortDays([...days([1, 2, 3, 4], [['07:00', '23:00']]), ...days([5, 6], [['07:00', '01:00']]), ...days([7], [['08:00', '00:30']])]),
  // evening/night shop: opens late, closes after midnight every day
  nightShop: () => sortDays(days([1, 2, 3, 4, 5, 6, 7], [['18:00', '01:00']])),
  // newsagent: early mornings, Saturday short, Sunday missing
  tabak: () => sortDays([...days([1, 2, 3, 4, 5], [['06:00', '19:00']]), ...days([6], [['07:00', '14:00']])]),
  // German kiosk: lunch break, Wednesday afternoon closed, Sunday empty
  kioskDE: () => sortDays([...days([1, 2, 4, 5], [['08:00', '13:00'], ['14:30', '18:30']]), ...days([3], [['08:00', '13:00']]),
    ...days([6], [['09:00', '14:00']]), ...days([7], [])]),
  // drugstore: until 20:00, Thursday 21:00, Sunday afternoon
  drugstore: () => sortDays([...days([1, 2, 3, 5, 6], [['09:00', '20:00']]), ...days([4], [['09:00', '21:00']]), ...days([7], [['12:00', '17:00']])]),
  // DIY store
  diy: () => sortDays([...days([1, 2, 3, 4, 5], [['08:00', '21:00']]), ...days([6], [['08:00', '18:00']]), ...days([7], [['10:00', '17:00']])]),
};

// Brand name and opening profile per country and carrier.
const BRANDS = {
  NL: {
    postnl: [['Albert Heijn', 'supermarket'], ['Primera', 'lunchShop'], ['Bruna', 'bookshop'], ['Jumbo', 'supermarket'], ['Gall & Gall', 'lunchShop'],
      ['Plus', 'supermarket'], ['Kruidvat', 'drugstore'], ['The Read Shop', 'bookshop'], ['Tabakspeciaalzaak', 'tabak'], ['Shell', 'petrol']],
    dhl: [['DHL Parcelshop Kiosk', 'tabak'], ['Hema', 'drugstore'], ['Blokker', 'drugstore'], ['Avondwinkel', 'nightShop'], ['Dirk', 'supermarket'],
      ['Vomar', 'supermarket'], ['Boekhandel', 'bookshop'], ['Tango', 'petrol'], ['Copy & Print', 'lunchShop']],
    dpd: [['Gamma', 'diy'], ['Action', 'drugstore'], ['Pets Place', 'lunchShop'], ['Esso', 'petrol'], ['Primera', 'lunchShop'], ['Coop', 'supermarket'],
      ['Fietsenmaker', 'lunchShop']],
  },
  BE: {
    postnl: [['Carrefour Express', 'supermarket'], ['Spar', 'supermarket'], ['Press Shop', 'tabak'], ['Standaard Boekhandel', 'bookshop'], ['Q8', 'petrol'],
      ['Okay', 'supermarket'], ['Librairie', 'lunchShop']],
    dhl: [['DHL Servicepoint Night Shop', 'nightShop'], ['Delhaize', 'supermarket'], ['Club', 'bookshop'], ['Krëfel', 'lunchShop'], ['Total', 'petrol'],
      ['Tabac-Presse', 'tabak']],
    dpd: [['Hubo', 'diy'], ['Brico', 'diy'], ['Press Shop', 'tabak'], ['Carrefour Market', 'supermarket'], ['Lukoil', 'petrol'], ['Wasserette', 'lunchShop']],
  },
  DE: {
    postnl: [['Kiosk', 'kioskDE'], ['Späti', 'nightShop'], ['Lotto-Toto', 'tabak'], ['Edeka', 'supermarketDE'], ['Aral', 'petrol'], ['Schreibwaren', 'kioskDE']],
    dhl: [['Tabak & Presse', 'tabak'], ['DHL Paketshop Rewe', 'supermarketDE'], ['Schreibwaren', 'kioskDE'], ['Shell', 'petrol'], ['Lotto Kiosk', 'kioskDE'],
      ['Späti', 'nightShop']],
    dpd: [['Netto', 'supermarketDE'], ['Penny', 'supermarketDE'], ['Copyshop', 'lunchShop'], ['Jet', 'petrol'], ['Tabak & Presse', 'tabak'],
      ['Reinigung', 'kioskDE']],
  },
};

const COUNTRY_NUM = { NL: 528, BE: 56, DE: 276 };
const LETTERS = 'ABCDEGHJKLMNPRSTVWXZ';
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

// WGS84 lat/long -> earth-centred X/Y/Z in metres (DPD's coordinateX/Y/Z look like this).
function ecef(lat, long) {
  const a = 6378137, e2 = 6.69437999014e-3;
  const phi = (lat * Math.PI) / 180, lambda = (long * Math.PI) / 180;
  const n = a / Math.sqrt(1 - e2 * Math.sin(phi) ** 2);
  return [Math.round(n * Math.cos(phi) * Math.cos(lambda)), Math.round(n * Math.cos(phi) * Math.sin(lambda)), Math.round(n * (1 - e2) * Math.sin(phi))];
}

// DPD's openingHours: one entry per weekday, morning/afternoon slots, "" when missing.
function dpdOpeningHours(openings) {
  return WEEKDAYS.map((weekday, i) => {
    const w = openings.find((o) => o.weekday === i + 1)?.windows ?? [];
    const slot = { weekday, openMorning: '', closeMorning: '', openAfternoon: '', closeAfternoon: '' };
    if (w.length >= 2) Object.assign(slot, { openMorning: w[0].start, closeMorning: w[0].end, openAfternoon: w[1].start, closeAfternoon: w[1].end });
    else if (w.length === 1 && w[0].start < '12:00') Object.assign(slot, { openMorning: w[0].start, closeMorning: w[0].end });
    else if (w.length === 1) Object.assign(slot, { openAfternoon: w[0].start, closeAfternoon: w[0].end });
    return slot;
  });
}

function genPoints() {
  const out = [];
  let postnlSeq = 160000, dhlSeq = 271000, dpdSeq = 100;
  for (const area of AREAS) {
    for (const carrier of ['postnl', 'dhl', 'dpd']) {
      const count = 22 + int(0, 4);
      const used = new Set();
      for (let i = 0; i < count; i++) {
        let brand, profile, street;
        do { // names are unique per carrier and area
          [brand, profile] = pick(BRANDS[area.country_code][carrier]);
          street = pick(area.streets);
        } while (used.has(`${brand} ${street}`));
        used.add(`${brand} ${street}`);
        const number = int(1, 180);
        // position: uniform in a disc of ~3 km around the area centroid
        const r = Math.sqrt(rng()) * 3000, angle = rng() * 2 * Math.PI;
        const latitude = round6(area.latitude + (r * Math.cos(angle)) / 111320);
        const longitude = round6(area.longitude + (r * Math.sin(angle)) / (111320 * Math.cos((area.latitude * Math.PI) / 180)));
        const postal_code = area.country_code === 'NL'
          ? `${area.postal_code} ${pick(LETTERS)}${pick(LETTERS)}`
          : pick(area.postals);
        const openings = PROFILES[profile]();
        const name = `${brand} ${street}`;
        let id, houseNo, suffix = null;
        if (carrier === 'dpd') {
          const style = rng();
          houseNo = style < 0.6 ? `${number}` : style < 0.75 ? `${number}a` : style < 0.85 ? `${number}-${number + 2}` : `${number} B`;
          suffix = houseNo === `${number}` ? null : houseNo.slice(`${number}`.length).trim();
        } else if (rng() < 0.15) {
          suffix = pick(['A', 'B', 'a', 'bis', 'H']);
        }
        const lineNo = `${number}${suffix ? (/^[A-Za-z]$/.test(suffix) ? suffix : `-${suffix}`) : ''}`;
        const base = { country_code: area.country_code, administrative_area: area.administrative_area, locality: area.locality, postal_code,
          address_line_1: `${street} ${carrier === 'dpd' ? houseNo : lineNo}`, thoroughfare: street, premise_number: number };
        let address;
        if (carrier === 'postnl') {
          // PostNL-style: every optional field present, null when unknown
          id = String(postnlSeq++);
          address = { ...base, dependent_locality: null, sorting_code: null, address_line_2: null, premise_number_suffix: suffix,
            organisation: name, given_name: null, additional_name: null, family_name: null };
        } else if (carrier === 'dhl') {
          // DHL-style: unknown optional fields left out
          id = `8004-${area.country_code}-${dhlSeq++}`;
          address = { ...base, organisation: name };
          if (suffix) address.premise_number_suffix = suffix;
        } else {
          const seq = dpdSeq++;
          id = `${area.country_code}${10000 + seq}`; // DPD's pudoId
          address = { ...base, premise_number_suffix: suffix, organisation: name };
        }
        const point = { id, carrier, area: area.id, name, latitude, longitude, address, openings };
        if (carrier === 'dpd') {
          const [x, y, z] = ecef(latitude, longitude);
          point.dpd = {
            parcelShopId: COUNTRY_NUM[area.country_code] * 1000000 + Number(id.slice(2)),
            pudoId: id,
            company: name,
            street,
            houseNo,
            countryNum: COUNTRY_NUM[area.country_code],
            town: rng() < 0.3 ? pick(['Centrum', 'Oost', 'West', 'Noord', 'Zuid']) : '',
            phone: `${area.phone} ${int(1000000, 9999999)}`,
            fax: '',
            email: rng() < 0.3 ? `info@${brand.toLowerCase().replace(/[^a-z]/g, '')}-${int(10, 99)}.example` : '',
            homepage: rng() < 0.2 ? `https://www.${brand.toLowerCase().replace(/[^a-z]/g, '')}.example` : '',
            coordinateX: x, coordinateY: y, coordinateZ: z,
            expressPickupTime: rng() < 0.3 ? '17:00' : '',
            extraInfo: rng() < 0.25 ? pick(['Parking available', 'Wheelchair accessible', 'Entrance at the back']) : '',
            openingHours: dpdOpeningHours(openings),
            services: [],
          };
        }
        out.push(point);
      }
    }
  }
  return out;
}

mkdirSync(OUT, { recursive: true });
const addresses = genAddresses();
writeLines('addresses.json', addresses);
writeLines('areas.json', AREAS.map(({ streets, postals, phone, ...a }) => a));
writeLines('points.json', genPoints());
