//! The wasm side of `AddressSearch`: its machines (`crate::search`, where
//! every rule is), held by `Core` by handle, and their effects as the JS
//! shell (`src/js/search.js`) carries them out.
//!
//! `searchStep(handle, event, x, y)` takes in what the shell reports
//! (`SearchEvent`) and answers the effects, each `{kind, gen, value, n}`
//! (`SearchEffect`): the values they need come ready (the request to send,
//! the `AfostoError` to reject with, the answer to resolve with), so the
//! shell decides nothing. The machine is borrowed only while it steps:
//! nothing is called meanwhile (the effects' JS values are made after).

use super::errors::to_js_error;
use super::operations::{Op, SearchEffect as Fx, SearchEvent as Ev, SEARCH_EVENTS};
use super::ops;
use super::wire::value::text;
use crate::api::addresses as ad;
use crate::config::Config;
use crate::error::Error;
use crate::json::{Json, Kind};
use crate::prelude::*;
use crate::search::{Effect, Event, Gen, Machine, Outcome, Source, Why};
use alloc::boxed::Box;
use core::cell::RefCell;
use wasm_bindgen::JsValue;

/// The open searches of a `Core`: handle `h` is slot `h - 1`. A search that
/// is garbage drops its machine (`drop`); its slot stays, empty (a pointer:
/// taking slots again costs more code than it saves memory).
#[derive(Default)]
pub(crate) struct Searches(Vec<Option<Box<Open>>>);

struct Open {
    country: String,
    machine: Machine,
}

impl Searches {
    fn slot(&mut self, handle: u32) -> Option<&mut Option<Box<Open>>> {
        self.0.get_mut((handle as usize).wrapping_sub(1))
    }

    fn get(&mut self, handle: u32) -> Option<&mut Open> {
        self.slot(handle)?.as_deref_mut()
    }
}

/// An unknown handle (or a machine already stepping: never, nothing is
/// called while it steps).
fn unknown() -> Error {
    Error::invalid_field("search", "invalid", "unknown address search")
}

fn num(n: u32) -> JsValue {
    JsValue::from_f64(f64::from(n))
}

/// `searchOpen(countryCode, debounceMs, sessionKey)` (checked by
/// `searchStart` and the session start) -> the new machine's handle.
pub(crate) fn open(
    searches: &RefCell<Searches>,
    country: &JsValue,
    debounce: &JsValue,
    key: &JsValue,
) -> Result<JsValue, Error> {
    let open = Some(Box::new(Open {
        country: text(country),
        machine: Machine::new(debounce.as_f64().unwrap_or(0.0), text(key)),
    }));
    let mut s = searches.try_borrow_mut().map_err(|_| unknown())?;
    s.0.push(open);
    let handle = s.0.len() as u32;
    Ok(num(handle))
}

/// `ABORTED` at the search's path: superseded by a newer call, or stopped
/// (the caller's signal, `free()`).
fn stopped(superseded: bool) -> JsValue {
    let mut e = Error::aborted();
    if superseded {
        e.message = "superseded by a newer search".into();
    }
    to_js_error(e.at("POST", ad::SEARCH_PATH))
}

/// `searchStep`: take in event `ev` for search `handle`; the effects (see the
/// module docs). A new call (`search`, `refused`) answers `{gen, effects}`.
pub(crate) fn step(
    cfg: &Config,
    searches: &RefCell<Searches>,
    handle: u32,
    ev: &JsValue,
    x: &JsValue,
    y: &JsValue,
) -> Result<JsValue, Error> {
    run(cfg, searches, handle, ev, x, y).ok_or_else(unknown)
}

/// [`step`]; `None` for an unknown event or handle.
fn run(
    cfg: &Config,
    searches: &RefCell<Searches>,
    handle: u32,
    ev: &JsValue,
    x: &JsValue,
    y: &JsValue,
) -> Option<JsValue> {
    let kind = *SEARCH_EVENTS.get(ev.as_f64()? as usize)?;
    let gen = x.as_f64().unwrap_or(0.0) as Gen;
    // The event, and the value it brings (the answer or the error to pass on).
    let mut hand = JsValue::UNDEFINED;
    let event = match kind {
        Ev::search => Event::Search {
            query: text(x),
            context: text(y),
        },
        Ev::resolve => Event::Resolve {
            query: text(x),
            context: text(y),
        },
        Ev::address => {
            let country = searches.try_borrow_mut().ok()?.get(handle)?.country.clone();
            return Some(ad::address_of(x, &country));
        }
        Ev::refused => {
            hand = x.clone();
            Event::Refused
        }
        Ev::timer => Event::TimerFired { gen },
        // A session start settles with its key, a search with its answer,
        // or `null` for a rejected key (`searchFirst`).
        Ev::settled => {
            hand = y.clone();
            match y.kind() {
                Kind::Str => Event::SessionStarted { gen, key: text(y) },
                Kind::Null => Event::Settled {
                    gen,
                    outcome: Outcome::SessionRejected,
                },
                _ => Event::Settled {
                    gen,
                    outcome: Outcome::Answer,
                },
            }
        }
        Ev::failed => {
            hand = y.clone();
            Event::Settled {
                gen,
                outcome: Outcome::Error,
            }
        }
        Ev::aborted => Event::Aborted { gen },
        Ev::free => Event::Free,
        Ev::key => {
            let key = searches
                .try_borrow_mut()
                .ok()?
                .get(handle)?
                .machine
                .key()
                .to_owned();
            return Some(JsValue::from_str(&key));
        }
        Ev::drop => {
            *searches.try_borrow_mut().ok()?.slot(handle)? = None;
            return Some(JsValue::UNDEFINED);
        }
    };
    // Step the machine and copy out what its request needs (nothing is
    // called while it is borrowed): at most one request per step.
    let (latest, effects, send, country) = {
        let mut s = searches.try_borrow_mut().ok()?;
        let o = s.get(handle)?;
        let effects = o.machine.step(event);
        // A resolve() call ends with the address in the answer (only the newest call resolves).
        let country = o.machine.resolving().then(|| o.country.clone());
        let send = effects.iter().find_map(|e| match e {
            // The last attempt settles a rejected key as its error.
            Effect::Send { last, .. } => o.machine.request().map(|(q, c, k)| {
                let op = if last { Op::search } else { Op::searchFirst };
                (op, k.to_owned(), q.to_owned(), c.to_owned())
            }),
            Effect::StartSession { .. } => Some((
                Op::startAddressSearch,
                o.country.clone(),
                String::new(),
                String::new(),
            )),
            _ => None,
        });
        (o.machine.latest(), effects, send, country)
    };
    let mut out = JsValue::new_array();
    for e in effects.iter() {
        let (fx, gen, value, n) = match e {
            Effect::Reject { gen, why } => (
                Fx::reject,
                gen,
                match why {
                    Why::Superseded => stopped(true),
                    Why::Aborted => stopped(false),
                    Why::Refused | Why::Failed => hand.clone(),
                },
                0.0,
            ),
            Effect::Resolve { gen, from } => match (from, &country) {
                (Source::Memo(id), None) => (Fx::recall, gen, JsValue::UNDEFINED, f64::from(id)),
                (Source::Memo(id), Some(_)) => {
                    (Fx::recallAddress, gen, JsValue::UNDEFINED, f64::from(id))
                }
                (Source::Answer, None) => (Fx::resolve, gen, hand.clone(), 0.0),
                (Source::Answer, Some(cc)) => (Fx::resolve, gen, ad::address_of(&hand, cc), 0.0),
                (Source::Empty, None) => {
                    let mut empty = JsValue::new_object();
                    empty.set("options", JsValue::new_array());
                    (Fx::resolve, gen, empty, 0.0)
                }
                (Source::Empty, Some(_)) => (Fx::resolve, gen, JsValue::UNDEFINED, 0.0),
            },
            Effect::StartTimer { gen, ms } => (Fx::timer, gen, JsValue::UNDEFINED, ms),
            Effect::Send { gen, .. } | Effect::StartSession { gen } => {
                let (op, a, b, c) = send.as_ref()?;
                let s = |v: &str| JsValue::from_str(v);
                let req = ops::prepare(cfg, *op, &s(a), &s(b), &s(c)).ok()?;
                (Fx::send, gen, req, f64::from(*op as u32))
            }
            Effect::Remember { gen, id } => (Fx::remember, gen, hand.clone(), f64::from(id)),
            Effect::Forget { id } => (Fx::forget, 0, JsValue::UNDEFINED, f64::from(id)),
        };
        let mut item = JsValue::new_object();
        item.set("kind", num(fx as u32));
        item.set("gen", num(gen));
        item.set("value", value);
        item.set("n", JsValue::from_f64(n));
        out.push(item);
    }
    if !matches!(kind, Ev::search | Ev::refused | Ev::resolve) {
        return Some(out);
    }
    let mut reply = JsValue::new_object();
    reply.set("gen", num(latest));
    reply.set("effects", out);
    Some(reply)
}
