//! Property-based fuzzing (proptest) of every decoder and pure function with
//! arbitrary input: nothing may panic, and results keep their invariants.
//!
//! Cases per target come from `FUZZ_CASES` (default 500: the short run in
//! `npm test`); `npm run fuzz` runs enough for over a million in total and
//! prints the count.
//!
//! The response walk has a twin in `src/shape.js` (what the browser runs):
//! the two table targets write every (value, table, Rust result) they decode
//! to `target/fuzz-shapes/*.ndjson`, and scripts/fuzz.sh replays them through
//! shape.js (scripts/fuzz-shapes.mjs), failing on any difference.
//! The address search's and the identity session's machines each run
//! 7 × `FUZZ_CASES` interleavings of events on their own (over a million
//! each in `npm run fuzz`).
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use afosto_checkout::api::identity;
use afosto_checkout::config::{validate_base_url, Config};
use afosto_checkout::error::Code;
use afosto_checkout::http::{read_response, validate_raw_path, HttpResponse, Method};
use afosto_checkout::models;
use afosto_checkout::retry::parse_retry_after;
use afosto_checkout::session::{base64url_encode as base64url, decode_claims, Session};
use afosto_checkout::shape::{encode, Ty};
use afosto_checkout::time::{format_rfc3339, parse_http_date, parse_rfc3339};
use proptest::prelude::*;
use proptest::test_runner::{Config as PtConfig, TestRunner};
use serde_json::{json, Map, Value};
use std::cell::RefCell;
use std::io::{BufWriter, Write};
use std::sync::atomic::{AtomicU64, Ordering};

mod shapes;

static CASES_RUN: AtomicU64 = AtomicU64::new(0);

/// The address search's machine over generated interleavings (tests/fuzz/search.rs).
#[path = "fuzz/search.rs"]
mod search;

#[test]
fn fuzz_search_machine() {
    search::fuzz_search_machine(cases());
}

/// The identity session's machine over generated interleavings (tests/fuzz/session.rs).
#[path = "fuzz/session.rs"]
mod session;

#[test]
fn fuzz_session_machine() {
    session::fuzz_session_machine(cases());
}

fn cases() -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(500)
}

/// Arbitrary JSON, biased towards the keys and shapes our models use.
pub fn arb_json() -> impl Strategy<Value = Value> {
    let keys = prop::sample::select(vec![
        "id",
        "token",
        "expires_at",
        "access_token",
        "expires_in",
        "status",
        "country_code",
        "postal_code",
        "premise_number",
        "premise_number_suffix",
        "lat",
        "long",
        "is_precise",
        "box",
        "north_east",
        "south_west",
        "address",
        "geo_location",
        "created_at",
        "locality",
        "options",
        "result",
        "value",
        "label",
        "context",
        "required",
        "allowed",
        "distance",
        "point",
        "latitude",
        "longitude",
        "longtitude",
        "openings",
        "weekday",
        "windows",
        "start",
        "end",
        "countries",
        "amount",
        "code",
        "priority",
        "is_enabled",
        "max_weight",
        "parcelShop",
        "houseNo",
        "openingHours",
        "openMorning",
        "closeAfternoon",
        "active",
        "method_id",
        "spid",
        "errors",
        "message",
        "reference",
        "x",
    ]);
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_map(|n| serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)),
        ".{0,12}".prop_map(Value::String),
        prop::sample::select(vec![
            "",
            "NL",
            "12a",
            "09:00",
            "2026-03-29T01:30:00Z",
            "Monday",
            "eyJ.eyJ.x"
        ])
        .prop_map(|s| Value::String(s.into())),
    ];
    leaf.prop_recursive(6, 96, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((keys.clone(), inner), 0..8).prop_map(|kv| Value::Object(
                kv.into_iter()
                    .map(|(k, v)| (k.to_string(), v))
                    .collect::<Map<_, _>>()
            )),
        ]
    })
}

/// Run `f` on `cases()` inputs from `strategy`; a panic fails the test.
fn fuzz<S: Strategy>(name: &str, strategy: S, f: impl Fn(S::Value)) {
    let mut runner = TestRunner::new(PtConfig {
        cases: cases(),
        failure_persistence: None,
        ..PtConfig::default()
    });
    let result = runner.run(&strategy, |v| {
        f(v);
        CASES_RUN.fetch_add(1, Ordering::Relaxed);
        Ok(())
    });
    if let Err(e) = result {
        panic!("{name}: {e}");
    }
}

/// Where a table target writes what it decoded, for scripts/fuzz-shapes.mjs:
/// a first line `{"tables": {name: table}}` (as the wasm build compiles them),
/// then one line `[value, [[table name, result]...]]` per case, `result` in
/// the form of tests/fixtures/shapes.json (`{ok, drops}` or `{err}`).
struct Corpus(RefCell<BufWriter<std::fs::File>>);

impl Corpus {
    fn create(name: &str) -> Corpus {
        let dir = shapes::target_file("fuzz-shapes");
        std::fs::create_dir_all(&dir).unwrap();
        let file = std::fs::File::create(dir.join(name)).unwrap();
        let mut out = BufWriter::new(file);
        serde_json::to_writer(&mut out, &json!({ "tables": shapes::rendered() })).unwrap();
        out.write_all(b"\n").unwrap();
        Corpus(RefCell::new(out))
    }

    /// Decode `v` as each named table with the Rust walker and record it.
    fn decode(&self, v: &Value, names: &[&str]) -> Vec<Value> {
        let results: Vec<Value> = names
            .iter()
            .map(|name| shapes::rust_result(v, shapes::table(name)))
            .collect();
        let pairs: Vec<Value> = names
            .iter()
            .zip(&results)
            .map(|(n, r)| json!([n, r]))
            .collect();
        let mut out = self.0.borrow_mut();
        serde_json::to_writer(&mut *out, &json!([v, pairs])).unwrap();
        out.write_all(b"\n").unwrap();
        results
    }

    fn finish(self) {
        self.0.into_inner().flush().unwrap();
    }
}

/// Arbitrary JSON as the tables the fuzzer always decoded it with, plus one
/// more of tests/shapes/mod.rs in turn.
#[test]
fn fuzz_table_decoders_never_panic() {
    let corpus = Corpus::create("arbitrary.ndjson");
    let turn = std::cell::Cell::new(0);
    fuzz("decode_body", arb_json(), |v| {
        let n = turn.replace(turn.get() + 1) % shapes::TABLES.len();
        let names = [
            "SIGNED_TOKEN",
            "ADDRESS",
            "GEO_LOCATION",
            "ADDRESS list",
            "ACCESS_TOKEN",
            shapes::TABLES[n].0,
        ];
        for r in corpus.decode(&v, &names) {
            if let Some(e) = r.get("err") {
                assert!(e["path"].as_str().unwrap().starts_with('$'), "{e}");
            }
        }
        let mut errs = Vec::new();
        let _: Value = encode(&v, &models::addresses::ADDRESS_INPUT, "", &mut errs);
    });
    corpus.finish();
}

/// A deterministic generator for `shaped` (proptest gives the seed).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }
    fn pick<T: Clone>(&mut self, from: &[T]) -> T {
        from[self.below(from.len())].clone()
    }
}

/// A number, often an edge: -0, 1.0, beyond 2^53 and 2^64, tiny, huge, or any finite f64.
fn number(r: &mut Rng) -> Value {
    match r.below(4) {
        0 => json!(r.next() as i64 >> r.below(64)),
        1 => json!(f64::from_bits(r.next()))
            .as_f64()
            .map_or(json!(0.5), |n| json!(n)),
        _ => r.pick(&[
            json!(0),
            json!(-0.0),
            json!(1.0),
            json!(7),
            json!(1.5),
            json!(-2.25),
            json!(52.37),
            json!(1e300),
            json!(-1e-300),
            json!(5e-324),
            json!(9_007_199_254_740_993u64),
            json!(u64::MAX),
            json!(i64::MIN),
        ]),
    }
}

/// A value that is most likely of the wrong type.
fn wrong(r: &mut Rng, junk: &Value) -> Value {
    match r.below(3) {
        0 => junk.clone(),
        _ => r.pick(&[
            json!(true),
            json!("1"),
            json!([]),
            json!({}),
            json!(1.5),
            json!(-1),
            json!([null]),
        ]),
    }
}

/// A value for `ty`, mostly of its shape: members absent or null now and
/// then, under their alias, of the wrong type rarely; unknown members
/// (`__proto__` too) and edge numbers. `junk` is arbitrary JSON to mix in.
fn shaped(ty: &Ty, r: &mut Rng, junk: &Value) -> Value {
    if r.one_in(150) {
        return wrong(r, junk);
    }
    match ty {
        Ty::Str => json!(r.pick(&[
            "",
            "NL",
            "x",
            "09:00",
            "__proto__",
            "Ünï €😀",
            "2026-03-29T01:30:00Z"
        ])),
        Ty::Num => number(r),
        Ty::Int => match r.below(8) {
            0 => number(r),
            1 => json!(r.pick(&[1.0, -0.0, 1e21, 12.0])),
            _ => json!(r.below(200) as i64 - 20),
        },
        Ty::Bool => json!(r.one_in(2)),
        Ty::Weekday => match r.below(10) {
            0 => number(r),
            1 => json!(r.pick(&[0.0, -0.0, 7.0, 8.0, -1.0, 1.5])),
            _ => json!(r.below(8)),
        },
        Ty::Any => match r.below(3) {
            0 => junk.clone(),
            _ => wrong(r, junk),
        },
        Ty::List(item) => Value::Array((0..r.below(4)).map(|_| shaped(item, r, junk)).collect()),
        Ty::Obj(fields) => {
            let mut m = Map::new();
            for f in fields.iter() {
                let name = if !f.alias().is_empty() && r.one_in(3) {
                    f.alias()
                } else {
                    f.wire()
                };
                match r.below(14) {
                    0 => {}
                    1 => {
                        m.insert(name.to_owned(), Value::Null);
                    }
                    2 if !f.alias().is_empty() => {
                        m.insert(f.wire().to_owned(), shaped(&f.ty, r, junk));
                        m.insert(f.alias().to_owned(), shaped(&f.ty, r, junk));
                    }
                    _ => {
                        m.insert(name.to_owned(), shaped(&f.ty, r, junk));
                    }
                }
            }
            if r.one_in(4) {
                let key = r.pick(&["__proto__", "constructor", "toString", "x", "id"]);
                m.entry(key).or_insert_with(|| junk.clone());
            }
            Value::Object(m)
        }
    }
}

/// Values shaped like each table of tests/shapes/mod.rs in turn (arbitrary
/// JSON rarely gets past a table's first field), decoded and recorded.
#[test]
fn fuzz_shaped_values() {
    let corpus = Corpus::create("shaped.ndjson");
    fuzz("shaped", (any::<u64>(), arb_json()), |(seed, junk)| {
        let mut r = Rng(seed | 1);
        let (name, ty) = &shapes::TABLES[r.below(shapes::TABLES.len())];
        let v = shaped(ty, &mut r, &junk);
        corpus.decode(&v, &[name]);
    });
    corpus.finish();
}

#[test]
fn fuzz_identity_decoders_and_builders() {
    fuzz("identity", arb_json(), |v| {
        let now = 1_800_000_000_000.0;
        let _ = identity::decode_signed_token(Some(v.clone()), now);
        let _ = identity::decode_access_token(Some(v.clone()), now);
        let _ = identity::decode_token_status(Some(v.clone()));
        let cfg = Config::default();
        for call in [
            identity::CredentialsCall::SignIn,
            identity::CredentialsCall::SignUp,
        ] {
            if let Err(e) = identity::build_credentials(&cfg, call, &v) {
                assert_eq!(e.code, Code::InvalidInput);
            }
        }
        let _ = identity::build_exists(&cfg, &v);
        let _ = identity::build_reset(&cfg, &v);
        let _ = Config::from_json(&v);
    });
}

#[test]
fn fuzz_jwt_claims_and_sessions() {
    let strat = prop_oneof![
        ".{0,64}",
        "[A-Za-z0-9_-]{0,20}\\.[A-Za-z0-9_=+/-]{0,80}\\.[A-Za-z0-9_-]{0,10}",
    ];
    fuzz("jwt", (strat, arb_json()), |(token, payload)| {
        let _ = decode_claims::<Value>(&token);
        // a well-formed JWT around an arbitrary payload
        let b64 = base64url(payload.to_string().as_bytes());
        let jwt = format!("e30.{b64}.sig");
        let claims = decode_claims::<Value>(&jwt);
        assert_eq!(claims.is_some(), payload.is_object());
        let s: Session<Value> = Session::new(jwt, None, 1_800_000_000_000.0);
        let _ = s.needs_extend(1_800_000_000_000.0);
        let _ = Session::<Value>::from_storage(&token, 0.0);
    });
}

#[test]
fn fuzz_text_parsers() {
    fuzz("text", ".{0,40}", |s| {
        let _ = parse_rfc3339(&s);
        let _ = parse_http_date(&s);
        let _ = parse_retry_after(&s, 0.0);
        if let Ok(p) = validate_raw_path(&s) {
            assert!(p.starts_with('/') && !p.starts_with("//"));
        }
        if let Ok(u) = validate_base_url(&s) {
            assert!(u.to_ascii_lowercase().starts_with("http"));
        }
    });
    fuzz(
        "rfc3339 round trip",
        -4_000_000_000_000.0f64..253_402_300_000_000.0,
        |ms| {
            let ms = ms.floor();
            assert_eq!(parse_rfc3339(&format_rfc3339(ms)), Some(ms));
        },
    );
}

#[test]
fn fuzz_responses() {
    let ct = prop::option::of(prop::sample::select(vec![
        "application/json",
        "text/html",
        "text/plain",
        "application/problem+json; charset=utf-8",
    ]));
    fuzz(
        "read_response",
        (100u16..600, ct, arb_json(), ".{0,30}", any::<bool>()),
        |(status, ct, body, junk, raw)| {
            let resp = HttpResponse {
                status,
                content_type: ct.map(str::to_owned),
                retry_after: Some(junk.clone()),
                text: if raw { junk } else { body.to_string() },
            };
            match read_response::<Value>(Method::Get, "/x", &resp, 0.0, None) {
                Ok(_) => assert!((200..300).contains(&status)),
                Err(e) => {
                    assert_eq!(e.method, Some("GET"));
                    assert!(!(200..300).contains(&status) || e.code == Code::Decode);
                }
            }
        },
    );
}

#[test]
fn zz_report_case_count() {
    // Runs in the same process as the other fuzz tests when run with --test-threads=1.
    eprintln!(
        "search machine interleavings run so far: {} ({} events)",
        search::RUNS.load(Ordering::Relaxed),
        search::EVENTS.load(Ordering::Relaxed)
    );
    eprintln!(
        "session machine interleavings run so far: {} ({} events)",
        session::RUNS.load(Ordering::Relaxed),
        session::EVENTS.load(Ordering::Relaxed)
    );
    eprintln!(
        "fuzz cases run by this test binary so far: {}",
        CASES_RUN.load(Ordering::Relaxed)
    );
}

#[test]
fn fuzz_shipping_service_points_and_addresses() {
    use afosto_checkout::api::{addresses, checkout, service_points, shipping};
    use afosto_checkout::opening;
    fuzz(
        "shipping/points/addresses",
        (arb_json(), arb_json(), 0u32..9, 0u32..1500, ".{0,12}"),
        |(a, b, day, minute, text)| {
            // selectableShippingMethods: an error is INVALID_INPUT, a value is an array sorted by priority
            match shipping::selectable(&a, &b) {
                Ok(v) => assert!(v.is_array()),
                Err(e) => assert_eq!(e.code, Code::InvalidInput),
            }
            let _ = shipping::decode_methods(Some(a.clone()));
            let _ = service_points::decode_matches(Some(a.clone()));
            let _ = service_points::decode_point(Some(a.clone()));
            if let Ok(v) = service_points::decode_dpd(Some(a.clone()), "NL") {
                assert!(v.is_array());
            }
            let _ = service_points::split_house_number(&text);
            let _ = service_points::weekday_from_name(&text);
            let _ = service_points::merge_matches(&[a.clone(), b.clone()], Some(5), None);
            let _ = service_points::merge_matches(&[a.clone(), b.clone()], None, Some((52.0, 4.9)));
            let _ = checkout::decode_shipping_address(Some(a.clone()));
            // Every drop noted while decoding is a DECODE warning naming a path.
            for w in <serde_json::Value as afosto_checkout::shape::Walk>::take_drops() {
                assert_eq!(w.code, Code::Decode);
                assert!(w.json_path.as_deref().is_some_and(|p| p.starts_with('$')));
            }
            let _ = service_points::find_input(&a);
            let _ = checkout::decode_session_points(Some(a.clone()));
            let _ = checkout::decode_session_methods(Some(a.clone()));
            // validateAddress: problems come from the fixed vocabulary
            for (_field, problems) in addresses::validate_address(&a, &b) {
                for p in problems {
                    assert!(
                        ["required", "not_allowed", "invalid"].contains(&p.as_str()),
                        "{p}"
                    );
                }
            }
            let _ = addresses::decode_search_result(Some(a.clone()));
            let _ = addresses::decode_address_format(Some(a.clone()), "NL");
            // openingStatus on an arbitrary point at an arbitrary local time
            match opening::status_value(&a, day.clamp(1, 7), minute.min(1439)) {
                Ok(v) => assert!(v.get("isOpen").is_some_and(Value::is_boolean)),
                Err(e) => assert_eq!(e.code, Code::InvalidInput),
            }
            let _ = opening::parse_hhmm(&text);
            let _ = opening::eu_local_time(f64::from(minute) * 7.0e7, &text);
        },
    );
}
