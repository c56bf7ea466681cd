//! The wasm side of the identity session: the client's machine
//! (`crate::lifecycle`, where every rule is), held by `Core`, and its
//! effects as the JS shell (`src/js/client.js`) carries them out.
//!
//! `sessionStep(event, a, b, c)` takes in what the shell reports
//! (`SessionEvent`) at the clock's time now, and answers
//! `{effects: [{kind, value, n}], value, error}` (`SessionEffect`): the
//! values come ready (the session objects, the text to store, the error to
//! throw), so the shell decides nothing. The machine is borrowed only while
//! it steps; nothing of the page's runs meanwhile.

use super::operations::{SessionEffect as Fx, SessionEvent as Ev, SESSION_EVENTS};
use super::wire::{method_of, path_of, session_of_record};
use crate::config::{Config, Persist};
use crate::error::{Code, Error};
use crate::json::{Json, Kind};
use crate::lifecycle::{Effect, Event, Machine, Outcome, Settings, EXTEND_PATH, MAX_JITTER};
use crate::prelude::*;
use crate::session::Session;
use crate::time::now_ms;
use core::cell::RefCell;
use wasm_bindgen::JsValue;

/// The client's session machine (none until `sessionOpen`).
pub(crate) type Life = RefCell<Option<Machine<JsValue>>>;

fn text_of(v: &JsValue) -> Option<String> {
    v.as_string()
}

fn num(n: u32) -> JsValue {
    JsValue::from_f64(f64::from(n))
}

/// The machine is not open, or is stepping (never: nothing is called while it steps).
fn closed() -> Error {
    Error::invalid_field("session", "invalid", "the session machine is not open")
}

/// `sessionOpen(stored)`: the machine, from `config.token` or the stored
/// text; its first effects.
pub(crate) fn open(cfg: &Config, life: &Life, stored: &JsValue) -> Result<JsValue, Error> {
    let now = now_ms();
    let settings = Settings {
        storage_key: cfg.storage_key.clone(),
        auto_extend: cfg.auto_extend,
        persist: cfg.persist != Persist::Memory,
        jitter: js_sys::Math::random() * MAX_JITTER,
    };
    let token = cfg.token.clone().map(|t| Session::new(t, None, now));
    let (machine, effects) = Machine::new(settings, cfg.timeout_ms, token, text_of(stored), now);
    *life.try_borrow_mut().map_err(|_| closed())? = Some(machine);
    Ok(effects_value(effects))
}

/// `ABORTED` at `method path`.
fn aborted_at(method: &'static str, path: &str) -> JsValue {
    super::errors::to_js_error(Error::aborted().at(method, path))
}

/// `sessionStep(event, a, b, c)` (see the module docs).
pub(crate) fn step(
    life: &Life,
    event: u32,
    a: &JsValue,
    b: &JsValue,
    c: &JsValue,
) -> Result<JsValue, Error> {
    let kind = *SESSION_EVENTS
        .get(event as usize)
        .ok_or_else(|| Error::invalid_field("event", "invalid", "unknown session event"))?;
    let now = now_ms();
    let ms = |v: &JsValue| v.as_f64().filter(|x| x.is_finite()).unwrap_or(0.0);
    let id = |v: &JsValue| v.as_f64().unwrap_or(0.0) as u32;
    let record = |v: &JsValue| {
        if v.kind() == Kind::Obj {
            session_of_record(v)
        } else {
            None
        }
    };
    let ev = match kind {
        Ev::token => {
            let m = life.try_borrow().map_err(|_| closed())?;
            let token = m.as_ref().and_then(|m| m.token(now));
            return Ok(token.map_or(JsValue::UNDEFINED, JsValue::from_str));
        }
        Ev::ticket => {
            let m = life.try_borrow().map_err(|_| closed())?;
            return Ok(num(m.as_ref().map_or(0, |m| m.ticket())));
        }
        Ev::read => Event::Read,
        Ev::beforeCall => Event::BeforeCall {
            path: text_of(a).unwrap_or_default(),
            timeout_ms: ms(b),
        },
        Ev::extend => Event::Extend { timeout_ms: ms(a) },
        Ev::extendAnswer => Event::ExtendAnswer {
            flight: id(a),
            session: record(b),
            stored: text_of(c),
        },
        Ev::signInAnswer => Event::SignInAnswer {
            ticket: id(a),
            session: record(b),
        },
        Ev::answered => match (text_of(a), b.as_f64()) {
            (Some(token), Some(401.0)) => Event::Unauthorized {
                token,
                stored: text_of(c),
            },
            _ => return Ok(step_value(Vec::new())),
        },
        Ev::storage => Event::StorageChanged {
            key: text_of(a),
            stored: text_of(b),
        },
        Ev::peer => Event::PeerStored {
            spent: text_of(a),
            stored: text_of(b),
        },
        Ev::timer => Event::TimerFired {
            id: id(a),
            stored: text_of(b),
        },
        Ev::storeFailed => Event::StoreFailed,
        Ev::signOut => Event::SignOut {
            revoke: a.as_bool().unwrap_or(true),
        },
        Ev::free => Event::Free,
    };
    let st = {
        let mut m = life.try_borrow_mut().map_err(|_| closed())?;
        m.as_mut().ok_or_else(closed)?.step(ev, now)
    };
    let mut out = step_value(st.effects);
    match st.outcome {
        Outcome::Done | Outcome::Failed => {}
        Outcome::Visible(v) => out.set("value", JsValue::from_bool(v)),
        Outcome::Flight(f) => out.set("value", num(f)),
        Outcome::Session(v) => out.set("value", v),
        Outcome::SignedOut => out.set(
            "error",
            super::errors::to_js_error(
                Error::new(Code::Unauthorized, "not signed in").at("GET", EXTEND_PATH),
            ),
        ),
        Outcome::Aborted => {
            let err = if kind == Ev::signInAnswer {
                aborted_at(method_of(c).as_str(), &path_of(c).unwrap_or_default())
            } else {
                aborted_at("GET", EXTEND_PATH)
            };
            out.set("error", err);
        }
    }
    Ok(out)
}

/// `{effects}`.
fn step_value(effects: Vec<Effect<JsValue>>) -> JsValue {
    let mut out = JsValue::new_object();
    out.set("effects", effects_value(effects));
    out
}

/// The effects as `[{kind, value, n}]`.
fn effects_value(effects: Vec<Effect<JsValue>>) -> JsValue {
    let mut list = JsValue::new_array();
    for e in effects {
        let (kind, value, n) = match e {
            Effect::Store(text) => (Fx::store, JsValue::from_str(&text), 0),
            Effect::Remove => (Fx::remove, JsValue::UNDEFINED, 0),
            Effect::Adopt(v) => (Fx::adopt, v.unwrap_or(JsValue::UNDEFINED), 0),
            Effect::Tell(v) => (Fx::tell, v.unwrap_or(JsValue::UNDEFINED), 0),
            Effect::Timer { id, ms } => (Fx::timer, JsValue::from_f64(ms), id),
            Effect::ClearTimer => (Fx::clearTimer, JsValue::UNDEFINED, 0),
            Effect::Check { id } => (Fx::check, JsValue::UNDEFINED, id),
            Effect::Peers { spent } => (
                Fx::peers,
                spent.map_or(JsValue::UNDEFINED, |t| JsValue::from_str(&t)),
                0,
            ),
            Effect::Extend { flight, timeout_ms } => {
                (Fx::extend, JsValue::from_f64(timeout_ms), flight)
            }
            Effect::Revoke(token) => (Fx::revoke, JsValue::from_str(&token), 0),
        };
        let mut item = JsValue::new_object();
        item.set("kind", num(kind as u32));
        item.set("value", value);
        item.set("n", num(n));
        list.push(item);
    }
    list
}
