//! The identity session's lifecycle as a sans-IO state machine: events in,
//! effects out. When to extend (the window, the per-client jitter, which
//! calls extend first, one extend in flight, tokens not to extend again),
//! the 401 rule, following other tabs and same-page clients, sign-out
//! winning over a sign-in on its way, and what is told to listeners are all
//! decided here. The JS shell (`src/js/client.js`) carries the effects out
//! (storage, timers, listeners, requests) and reports what happened as
//! events; it reads no clock and compares no token.
//!
//! Plain Rust, generic over the JSON value (`JsValue` in wasm): tested
//! natively, by the unit tests below and by every rule checked as a property
//! over generated interleavings of events in `tests/fuzz/session.rs`.

use crate::json::Json;
use crate::prelude::*;
use crate::session::Session;

/// The longest a timer sleeps at once: the machine reads the clock again
/// after a jump (a laptop waking up).
pub const TIMER_STEP_MS: f64 = 15_000.0;
/// The path of the extend call (no extend before it).
pub const EXTEND_PATH: &str = "/iam/jwt/extend";
/// Where the identity calls live (no extend before them: a sign-in makes a
/// new session; none needs the old token to be fresh).
pub const IDENTITY_PATHS: &str = "/rel/identity/";
/// After a failed background extend, the next try comes this soon (or 1 s
/// before expiry, whichever is earlier).
pub const EXTEND_RETRY_MS: f64 = 5_000.0;
/// An extend whose expiry is not this much later than the old one did not
/// extend (exp claims are whole seconds).
pub const EXTEND_GAIN_MIN_MS: f64 = 1_000.0;
/// The most jitter a client takes, as a fraction of the extend margin.
pub const MAX_JITTER: f64 = 0.1;
/// Tokens remembered as not to be extended again (the oldest is dropped).
const SPENT_LIMIT: usize = 16;

/// What a client's machine is set up with.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The storage key (`ClientConfig.storageKey`).
    pub storage_key: String,
    /// `ClientConfig.autoExtend`.
    pub auto_extend: bool,
    /// Whether the session is kept in storage (localStorage/sessionStorage).
    pub persist: bool,
    /// This client's jitter, in `[0, MAX_JITTER)`: it extends that fraction
    /// of the extend margin earlier, so clients sharing a session do not all
    /// extend at the same moment.
    pub jitter: f64,
}

/// What happened. `stored` is the storage entry's text as read just now
/// (`None`: no entry, or no storage).
#[derive(Clone, Debug)]
pub enum Event<V> {
    /// The `session` getter is read.
    Read,
    /// A call to `path` is about to be sent with the caller's timeout
    /// (0: none): extend first when due.
    BeforeCall {
        /// The request's path.
        path: String,
        /// The caller's timeout in ms.
        timeout_ms: f64,
    },
    /// `extendSession()` with the caller's timeout.
    Extend {
        /// The caller's timeout in ms.
        timeout_ms: f64,
    },
    /// Extend `flight` answered: the new session, or `None` when it failed.
    ExtendAnswer {
        /// The flight ([`Effect::Extend`]).
        flight: u32,
        /// The new session.
        session: Option<Session<V>>,
        /// The storage entry now.
        stored: Option<String>,
    },
    /// A sign-in (up, reset, verify) started at `ticket` answered: the new
    /// session, or `None` when it failed.
    SignInAnswer {
        /// [`Machine::ticket`] when the call started.
        ticket: u32,
        /// The new session.
        session: Option<Session<V>>,
    },
    /// The API answered 401 to a call that carried `token`.
    Unauthorized {
        /// The token the call carried.
        token: String,
        /// The storage entry now.
        stored: Option<String>,
    },
    /// Another tab changed storage (`key`: the event's key, `None` when
    /// storage was cleared).
    StorageChanged {
        /// The changed key.
        key: Option<String>,
        /// The storage entry now.
        stored: Option<String>,
    },
    /// A client of this page sharing the storage entry stored a session;
    /// `spent` is a token it will not extend again.
    PeerStored {
        /// A token not to extend again.
        spent: Option<String>,
        /// The storage entry now.
        stored: Option<String>,
    },
    /// Timer `id` went off ([`Effect::Timer`], [`Effect::Check`]).
    TimerFired {
        /// The timer.
        id: u32,
        /// The storage entry now.
        stored: Option<String>,
    },
    /// Writing the storage entry failed (quota, privacy settings).
    StoreFailed,
    /// `signOut()`; `revoke`: send the revoke (false for an already-aborted signal).
    SignOut {
        /// Whether to revoke the token at the API.
        revoke: bool,
    },
    /// `free()`: no more events, timers or background extends.
    Free,
}

/// What to do, in order.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect<V> {
    /// Write the storage entry.
    Store(String),
    /// Remove the storage entry.
    Remove,
    /// The session the page sees is now this value (`None`: signed out).
    Adopt(Option<V>),
    /// Tell the listeners this session (after the ones told before it).
    Tell(Option<V>),
    /// Report [`Event::TimerFired`] `id` after `ms` (replacing any timer).
    Timer {
        /// The timer.
        id: u32,
        /// How long.
        ms: f64,
    },
    /// Clear the timer.
    ClearTimer,
    /// Report [`Event::TimerFired`] `id` as soon as the current task ends (a microtask).
    Check {
        /// The timer.
        id: u32,
    },
    /// Tell the page's other clients sharing the entry ([`Event::PeerStored`]).
    Peers {
        /// A token not to extend again.
        spent: Option<String>,
    },
    /// Send the extend (`GET /iam/jwt/extend`) with `timeout_ms` per attempt
    /// and no caller's signal; report [`Event::ExtendAnswer`] for `flight`.
    Extend {
        /// The flight.
        flight: u32,
        /// Its timeout (0: none).
        timeout_ms: f64,
    },
    /// Send the revoke with this token (the answer changes nothing).
    Revoke(String),
}

/// How a step ended, for the caller of the method that reported it.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome<V> {
    /// Nothing to answer.
    Done,
    /// The session getter's answer: whether a session is visible.
    Visible(bool),
    /// Wait for extend `flight` (0: no extend needed).
    Flight(u32),
    /// Not signed in (`extendSession()` without a session).
    SignedOut,
    /// The call's session, stored: resolve with it.
    Session(V),
    /// The call ends `ABORTED`: signed out (or the session changed) meanwhile.
    Aborted,
    /// The call's own error stands.
    Failed,
}

/// One step: the effects in order, and the outcome.
#[derive(Clone, Debug)]
pub struct Step<V> {
    /// What to do.
    pub effects: Vec<Effect<V>>,
    /// The answer to the caller.
    pub outcome: Outcome<V>,
}

#[derive(Clone, Debug)]
struct Rec<V> {
    id: u32,
    session: Session<V>,
    /// The value the page sees (made once, so it is the same object each time).
    value: V,
}

#[derive(Clone, Debug)]
struct Flight {
    id: u32,
    /// The token it extends.
    of: Option<String>,
    /// Started by the timer: a failure schedules the next try.
    by_timer: bool,
}

/// One client's session.
#[derive(Clone, Debug)]
pub struct Machine<V> {
    cfg: Settings,
    own_timeout_ms: f64,
    rec: Option<Rec<V>>,
    next_id: u32,
    /// Token and expiry the listeners were last told.
    told: Option<(String, String)>,
    /// The storage text this client last wrote or read: anything else there
    /// is another tab's doing.
    stored: Option<String>,
    flight: Option<Flight>,
    /// Sign-outs so far: a sign-in that started before the last one is not stored.
    ticket: u32,
    freed: bool,
    /// Tokens whose extend answer was still inside its extend window: not
    /// extended again (no request storm).
    spent: Vec<String>,
    /// The live timer (0: none).
    timer: u32,
    fx: Vec<Effect<V>>,
}

impl<V: Json> Machine<V> {
    /// A client's machine: the session from `config.token` (`token`), else
    /// the stored one. Effects: the session the page sees, and its timer.
    pub fn new(
        cfg: Settings,
        own_timeout_ms: f64,
        token: Option<Session<V>>,
        stored: Option<String>,
        now: f64,
    ) -> (Machine<V>, Vec<Effect<V>>) {
        let from_storage = stored
            .as_deref()
            .and_then(|t| Session::from_storage(t, now));
        let mut m = Machine {
            cfg,
            own_timeout_ms,
            rec: None,
            next_id: 0,
            told: None,
            stored,
            flight: None,
            ticket: 0,
            freed: false,
            spent: Vec::new(),
            timer: 0,
            fx: Vec::new(),
        };
        m.take(token.or(from_storage), now);
        m.told = m.visible(now).map(told_of);
        let fx = core::mem::take(&mut m.fx);
        (m, fx)
    }

    /// The token to send now (a visible session's), if any.
    pub fn token(&self, now: f64) -> Option<&str> {
        self.visible(now).map(|s| s.token.as_str())
    }

    /// The sign-out count: a sign-in passes it back with its answer.
    pub fn ticket(&self) -> u32 {
        self.ticket
    }

    /// The current record's id (0: none); for tests.
    pub fn record_id(&self) -> u32 {
        self.rec.as_ref().map_or(0, |r| r.id)
    }

    /// The live timer's id (0: none); for tests.
    pub fn timer_id(&self) -> u32 {
        self.timer
    }

    /// The session the machine holds, visible or not; for tests.
    pub fn session(&self) -> Option<&Session<V>> {
        self.rec.as_ref().map(|r| &r.session)
    }

    /// Whether `token` is one not to extend again; for tests.
    pub fn is_spent(&self, token: &str) -> bool {
        self.spent.iter().any(|t| t == token)
    }

    /// Take in `event` at `now`.
    pub fn step(&mut self, event: Event<V>, now: f64) -> Step<V> {
        let outcome = self.run(event, now);
        Step {
            effects: core::mem::take(&mut self.fx),
            outcome,
        }
    }

    fn run(&mut self, event: Event<V>, now: f64) -> Outcome<V> {
        match event {
            Event::Read => {
                let visible = self.visible(now).is_some();
                // Expired with no event yet (the timer slept through a clock
                // jump): tell it right after this task.
                if self.rec.is_some() && !visible && !self.freed && self.timer != 0 {
                    self.fx.push(Effect::Check { id: self.timer });
                }
                Outcome::Visible(visible)
            }
            Event::BeforeCall { path, timeout_ms } => {
                let exempt = path == EXTEND_PATH || path.starts_with(IDENTITY_PATHS);
                if !exempt && self.extend_due(now) {
                    Outcome::Flight(self.start_extend(timeout_ms, false))
                } else {
                    Outcome::Flight(0)
                }
            }
            Event::Extend { timeout_ms } => {
                if self.visible(now).is_none() {
                    return Outcome::SignedOut;
                }
                Outcome::Flight(self.start_extend(timeout_ms, false))
            }
            Event::ExtendAnswer {
                flight,
                session,
                stored,
            } => self.extended(flight, session, stored, now),
            Event::SignInAnswer { ticket, session } => {
                if ticket != self.ticket {
                    return Outcome::Aborted; // signed out meanwhile: that wins
                }
                match session {
                    Some(s) => self.set(Some(s), None, now),
                    None => Outcome::Failed,
                }
            }
            Event::Unauthorized { token, stored } => {
                if self.token(now) != Some(token.as_str()) {
                    return Outcome::Done; // not the session's token (any more)
                }
                // Storage holding another client's newer session is kept, and taken.
                match stored
                    .as_deref()
                    .and_then(|t| Session::from_storage(t, now))
                {
                    Some(other) if other.token != token => {
                        self.stored = stored;
                        self.adopt(Some(other), now);
                    }
                    _ => {
                        self.set(None, None, now);
                    }
                }
                Outcome::Done
            }
            Event::StorageChanged { key, stored } => {
                if !matches!(&key, Some(k) if *k != self.cfg.storage_key) {
                    self.follow(stored, now);
                }
                Outcome::Done
            }
            Event::PeerStored { spent, stored } => {
                if let Some(t) = spent {
                    self.mark_spent(t);
                }
                self.follow(stored, now);
                Outcome::Done
            }
            Event::TimerFired { id, stored } => {
                if id == self.timer && id != 0 {
                    self.timer = 0;
                    self.due(stored, now);
                }
                Outcome::Done
            }
            Event::StoreFailed => {
                // The session still lives in memory; the entry it replaced
                // must not outlive it (a reload would bring it back).
                self.stored = None;
                self.fx.push(Effect::Remove);
                Outcome::Done
            }
            Event::SignOut { revoke } => {
                self.ticket = self.ticket.wrapping_add(1);
                // An extend on its way is over too: its answer is aborted,
                // even if the same token comes back meanwhile (another
                // tab's entry, read again after the clock went back).
                self.flight = None;
                let token = self.token(now).map(str::to_owned);
                // Cleared at once, so a sign-in made while the revoke is on
                // its way is never undone by it.
                if self.rec.is_some() {
                    self.set(None, None, now);
                }
                if let (true, Some(t)) = (revoke, token) {
                    self.fx.push(Effect::Revoke(t));
                }
                Outcome::Done
            }
            Event::Free => {
                self.freed = true;
                if self.timer != 0 {
                    self.timer = 0;
                    self.fx.push(Effect::ClearTimer);
                }
                Outcome::Done
            }
        }
    }

    /// The token of the session held, visible or not.
    fn held_token(&self) -> Option<String> {
        self.rec.as_ref().map(|r| r.session.token.clone())
    }

    fn visible(&self, now: f64) -> Option<&Session<V>> {
        self.rec
            .as_ref()
            .map(|r| &r.session)
            .filter(|s| !s.is_expired(now))
    }

    /// When this client extends `s`: its extend time, a little earlier by the jitter.
    fn extend_at(&self, s: &Session<V>) -> f64 {
        let at = s.extend_at_ms();
        if at.is_finite() {
            at - self.cfg.jitter * (s.expires_at_ms - at)
        } else {
            at
        }
    }

    /// Whether the session may be extended automatically: auto-extend on,
    /// a finite window, still valid, not spent.
    fn may_extend(&self, s: &Session<V>, now: f64) -> bool {
        self.cfg.auto_extend
            && s.extend_at_ms().is_finite()
            && !s.is_expired(now)
            && !self.is_spent(&s.token)
    }

    fn extend_due(&self, now: f64) -> bool {
        self.rec
            .as_ref()
            .is_some_and(|r| self.may_extend(&r.session, now) && now >= self.extend_at(&r.session))
    }

    fn mark_spent(&mut self, token: String) {
        if !self.is_spent(&token) {
            if self.spent.len() >= SPENT_LIMIT {
                self.spent.remove(0);
            }
            self.spent.push(token);
        }
    }

    /// Start an extend of the current session, or join the one in flight
    /// for it; the flight. Its timeout is the longer of the client's and the
    /// first caller's (none when either has none).
    fn start_extend(&mut self, timeout_ms: f64, by_timer: bool) -> u32 {
        let of = self.held_token();
        if let Some(f) = self.flight.as_ref().filter(|f| f.of == of) {
            return f.id;
        }
        let own = self.own_timeout_ms;
        let ms = if own > 0.0 && timeout_ms > 0.0 {
            own.max(timeout_ms)
        } else {
            0.0
        };
        let id = self.new_id();
        self.flight = Some(Flight { id, of, by_timer });
        self.fx.push(Effect::Extend {
            flight: id,
            timeout_ms: ms,
        });
        id
    }

    fn extended(
        &mut self,
        flight: u32,
        session: Option<Session<V>>,
        stored: Option<String>,
        now: f64,
    ) -> Outcome<V> {
        let Some(f) = self.flight.take_if(|f| f.id == flight) else {
            // A flight of a session that has been replaced since.
            return if session.is_some() {
                Outcome::Aborted
            } else {
                Outcome::Failed
            };
        };
        let current = f.of == self.held_token();
        let Some(s) = session else {
            if current && f.by_timer {
                if let Some(r) = &self.rec {
                    let left = r.session.expires_at_ms - now;
                    let wait = if left > 1000.0 {
                        EXTEND_RETRY_MS.min(left - 1000.0)
                    } else {
                        left
                    };
                    self.schedule(Some(wait), now);
                }
            }
            return Outcome::Failed;
        };
        // Signed out (or the session changed) meanwhile: keep that.
        if !current {
            return Outcome::Aborted;
        }
        // Another tab signed out or in meanwhile (its storage event not
        // handled yet): take that, and do not write over it.
        if self.cfg.persist && stored != self.stored {
            self.follow(stored, now);
            return Outcome::Aborted;
        }
        // An extend that did not extend: an expiry no later than the old
        // one's (the same token back, or a server-capped lifetime; 1 s of
        // rounding allowed), or a token still inside its extend window (due
        // for some client: the earliest jitter is MAX_JITTER of the margin).
        // Not extended again by any client, or the page would ask again and
        // again (no request storm).
        let old_expiry = self
            .rec
            .as_ref()
            .map_or(f64::NEG_INFINITY, |r| r.session.expires_at_ms);
        let at = s.extend_at_ms();
        let spent = s.expires_at_ms <= old_expiry + EXTEND_GAIN_MIN_MS
            || now >= at - MAX_JITTER * (s.expires_at_ms - at);
        let spent = spent.then(|| s.token.clone());
        if let Some(t) = &spent {
            self.mark_spent(t.clone());
        }
        self.set(Some(s), spent, now)
    }

    /// Replace the session, persist it, tell the listeners and the page's
    /// other clients; the stored session's value.
    fn set(&mut self, s: Option<Session<V>>, spent: Option<String>, now: f64) -> Outcome<V> {
        if self.cfg.persist {
            match &s {
                Some(s) => {
                    let text = s.to_storage();
                    self.stored = Some(text.clone());
                    self.fx.push(Effect::Store(text));
                }
                None => {
                    self.stored = None;
                    self.fx.push(Effect::Remove);
                }
            }
        }
        self.adopt(s, now);
        let out = match &self.rec {
            Some(r) => Outcome::Session(r.value.clone()),
            None => Outcome::Done,
        };
        if self.cfg.persist {
            self.fx.push(Effect::Peers { spent });
        }
        out
    }

    /// Follow the storage entry (another tab's or client's change).
    fn follow(&mut self, stored: Option<String>, now: f64) {
        let fresh = stored
            .as_deref()
            .and_then(|t| Session::from_storage(t, now));
        self.stored = stored;
        self.adopt(fresh, now);
    }

    /// Take `s` as the session (no storage write), reschedule, tell.
    fn adopt(&mut self, s: Option<Session<V>>, now: f64) {
        self.take(s, now);
        self.notify(now);
    }

    fn take(&mut self, s: Option<Session<V>>, now: f64) {
        // A session already expired (an answer that took longer than its
        // lifetime) is none: it cannot come back if the clock goes back.
        let s = s.filter(|s| !s.is_expired(now));
        // The same token and expiry (an extend that changed nothing, an
        // echo): the record stays, so the page keeps the same object.
        let same = match (&s, &self.rec) {
            (Some(a), Some(r)) => {
                a.token == r.session.token && a.expires_at == r.session.expires_at
            }
            (None, None) => true,
            _ => false,
        };
        if !same {
            let id = self.new_id();
            self.rec = s.map(|session| Rec {
                id,
                value: session.to_value(),
                session,
            });
            let value = self.rec.as_ref().map(|r| r.value.clone());
            self.fx.push(Effect::Adopt(value));
        }
        self.schedule(None, now);
    }

    /// Tell the listeners the session visible now, if it is a change.
    fn notify(&mut self, now: f64) {
        if self.freed {
            return;
        }
        let visible = self.visible(now).map(told_of);
        if visible == self.told {
            return;
        }
        self.told = visible;
        let value = self
            .rec
            .as_ref()
            .filter(|r| !r.session.is_expired(now))
            .map(|r| r.value.clone());
        self.fx.push(Effect::Tell(value));
    }

    /// The timer: at the extend time (auto-extend), else at expiry; at most
    /// [`TIMER_STEP_MS`] at once. `wait`: this long instead.
    fn schedule(&mut self, wait: Option<f64>, now: f64) {
        let target = match &self.rec {
            Some(r) if !self.freed && r.session.expires_at_ms.is_finite() => {
                let s = &r.session;
                if self.may_extend(s, now) {
                    self.extend_at(s)
                } else {
                    s.expires_at_ms
                }
            }
            _ => {
                if self.timer != 0 {
                    self.timer = 0;
                    self.fx.push(Effect::ClearTimer);
                }
                return;
            }
        };
        let ms = wait.unwrap_or(target - now).clamp(0.0, TIMER_STEP_MS);
        let ms = if ms.is_nan() { 0.0 } else { ms };
        self.timer = self.new_id();
        self.fx.push(Effect::Timer { id: self.timer, ms });
    }

    /// The timer went off: tell an expiry, extend when due, or sleep on.
    fn due(&mut self, stored: Option<String>, now: f64) {
        let Some(r) = &self.rec else { return };
        let expires = r.session.expires_at_ms;
        if now >= expires {
            // Take what storage holds (another tab's fresh session, or
            // nothing: an expired entry reads as none), and tell it.
            self.follow(stored, now);
            return;
        }
        if !self.extend_due(now) {
            self.schedule(None, now); // a step of a longer wait
            return;
        }
        // The expiry is told on time even if this extend is still on its
        // way then; a new session (or a failed extend) reschedules.
        self.schedule(Some(expires - now), now);
        self.start_extend(self.own_timeout_ms, true);
    }

    fn new_id(&mut self) -> u32 {
        self.next_id = self.next_id.wrapping_add(1).max(1);
        self.next_id
    }
}

fn told_of<V>(s: &Session<V>) -> (String, String) {
    (s.token.clone(), s.expires_at.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    const NOW: f64 = 1_800_000_000_000.0;
    const HOUR: f64 = 3_600_000.0;

    fn session(token: &str, expires_in: f64, now: f64) -> Session<Value> {
        Session::from_access_token(token.into(), Some(expires_in / 1000.0), now)
    }

    fn machine(persist: bool) -> Machine<Value> {
        let cfg = Settings {
            storage_key: "k".into(),
            auto_extend: true,
            persist,
            jitter: 0.0,
        };
        Machine::new(cfg, 10_000.0, None, None, NOW).0
    }

    fn sign_in(m: &mut Machine<Value>, token: &str, now: f64) -> Step<Value> {
        let ticket = m.ticket();
        m.step(
            Event::SignInAnswer {
                ticket,
                session: Some(session(token, HOUR, now)),
            },
            now,
        )
    }

    /// Extend `flight` answered with a new one-hour session `token`, storage holding `stored`.
    fn extend_answer(
        m: &mut Machine<Value>,
        flight: u32,
        token: &str,
        stored: String,
        now: f64,
    ) -> Step<Value> {
        m.step(
            Event::ExtendAnswer {
                flight,
                session: Some(session(token, HOUR, now)),
                stored: Some(stored),
            },
            now,
        )
    }

    #[test]
    fn sign_in_stores_tells_and_schedules_the_extend() {
        let mut m = machine(true);
        let st = sign_in(&mut m, "t1", NOW);
        assert!(matches!(st.outcome, Outcome::Session(_)));
        assert!(matches!(st.effects[0], Effect::Store(_)));
        assert!(matches!(st.effects[1], Effect::Adopt(Some(_))));
        assert!(matches!(st.effects[2], Effect::Timer { ms, .. } if ms == TIMER_STEP_MS));
        assert!(matches!(st.effects[3], Effect::Tell(Some(_))));
        assert_eq!(st.effects[4], Effect::Peers { spent: None });
        assert_eq!(m.token(NOW), Some("t1"));
    }

    #[test]
    fn sign_out_wins_over_a_sign_in_on_its_way() {
        let mut m = machine(true);
        let ticket = m.ticket();
        m.step(Event::SignOut { revoke: true }, NOW);
        let st = m.step(
            Event::SignInAnswer {
                ticket,
                session: Some(session("t1", HOUR, NOW)),
            },
            NOW,
        );
        assert_eq!(st.outcome, Outcome::Aborted);
        assert!(st.effects.is_empty());
        assert_eq!(m.token(NOW), None);
    }

    #[test]
    fn sign_out_wins_over_an_extend_even_when_its_token_comes_back() {
        let mut m = machine(true);
        sign_in(&mut m, "t1", NOW);
        let stored = session("t1", HOUR, NOW).to_storage();
        let late = NOW + HOUR - 30_000.0;
        let before = m.step(
            Event::BeforeCall {
                path: "/lcs/points/postnl".into(),
                timeout_ms: 5_000.0,
            },
            late,
        );
        let Outcome::Flight(f) = before.outcome else {
            panic!("no extend started")
        };
        m.step(Event::SignOut { revoke: false }, late);
        // Another tab's entry with the same token, read again (a late storage event).
        m.step(
            Event::StorageChanged {
                key: Some("k".into()),
                stored: Some(stored.clone()),
            },
            late,
        );
        let st = extend_answer(&mut m, f, "t2", stored, late);
        assert_eq!(st.outcome, Outcome::Aborted);
        assert!(st.effects.is_empty());
        assert_ne!(m.token(late), Some("t2"));
    }

    #[test]
    fn one_extend_in_flight_and_no_extend_before_identity_calls() {
        let mut m = machine(false);
        sign_in(&mut m, "t1", NOW);
        let late = NOW + HOUR - 30_000.0;
        let call = |m: &mut Machine<Value>, path: &str| {
            m.step(
                Event::BeforeCall {
                    path: path.into(),
                    timeout_ms: 5_000.0,
                },
                late,
            )
        };
        let a = call(&mut m, "/lcs/points/postnl");
        let Outcome::Flight(f) = a.outcome else {
            panic!()
        };
        assert!(f != 0);
        assert_eq!(
            a.effects,
            vec![Effect::Extend {
                flight: f,
                timeout_ms: 10_000.0
            }]
        );
        let b = call(&mut m, "/odr/sessions/x");
        assert_eq!(b.outcome, Outcome::Flight(f));
        assert!(b.effects.is_empty());
        assert_eq!(
            call(&mut m, "/rel/identity/authorize").outcome,
            Outcome::Flight(0)
        );
        assert_eq!(call(&mut m, EXTEND_PATH).outcome, Outcome::Flight(0));
    }

    #[test]
    fn a_401_removes_only_the_token_it_refused() {
        let mut m = machine(true);
        sign_in(&mut m, "t2", NOW);
        let st = m.step(
            Event::Unauthorized {
                token: "t1".into(),
                stored: None,
            },
            NOW,
        );
        assert!(st.effects.is_empty());
        assert_eq!(m.token(NOW), Some("t2"));
        // Storage holds another client's newer session: taken, not removed.
        let other = session("t3", HOUR, NOW).to_storage();
        let st = m.step(
            Event::Unauthorized {
                token: "t2".into(),
                stored: Some(other),
            },
            NOW,
        );
        assert!(!st.effects.contains(&Effect::Remove));
        assert_eq!(m.token(NOW), Some("t3"));
    }

    #[test]
    fn an_extend_answer_never_writes_over_another_tabs_session() {
        let mut m = machine(true);
        sign_in(&mut m, "t1", NOW);
        let late = NOW + HOUR - 30_000.0;
        let Outcome::Flight(f) = m.step(Event::Extend { timeout_ms: 0.0 }, late).outcome else {
            panic!()
        };
        let theirs = session("other", HOUR, late).to_storage();
        let st = extend_answer(&mut m, f, "t1b", theirs, late);
        assert_eq!(st.outcome, Outcome::Aborted);
        assert!(!st.effects.iter().any(|e| matches!(e, Effect::Store(_))));
        assert_eq!(m.token(late), Some("other"));
    }

    #[test]
    fn a_token_back_inside_its_window_is_not_extended_again() {
        let mut m = machine(false);
        sign_in(&mut m, "t1", NOW);
        let late = NOW + HOUR - 30_000.0;
        let Outcome::Flight(f) = m.step(Event::Extend { timeout_ms: 0.0 }, late).outcome else {
            panic!()
        };
        // The server capped the lifetime: a new token with the same expiry.
        let mut capped = session("t1b", 30_000.0, late);
        capped.issued_at_ms = NOW;
        m.step(
            Event::ExtendAnswer {
                flight: f,
                session: Some(capped),
                stored: None,
            },
            late,
        );
        assert!(m.is_spent("t1b"));
        let st = m.step(
            Event::BeforeCall {
                path: "/x".into(),
                timeout_ms: 0.0,
            },
            late + 1.0,
        );
        assert_eq!(st.outcome, Outcome::Flight(0));
    }

    #[test]
    fn an_extend_that_does_not_extend_is_not_repeated() {
        // The same token back (a JWT: the same exp; issued "now" as far as the
        // client can tell), and a new token whose expiry the server capped.
        for new_token in [false, true] {
            let mut m = machine(false);
            sign_in(&mut m, "t1", NOW);
            let late = NOW + HOUR - 30_000.0;
            let Outcome::Flight(f) = m.step(Event::Extend { timeout_ms: 0.0 }, late).outcome else {
                panic!()
            };
            let token = if new_token { "t1b" } else { "t1" };
            let mut back = session(token, 30_000.0, late);
            back.expires_at = m.session().unwrap().expires_at.clone();
            back.expires_at_ms = m.session().unwrap().expires_at_ms;
            m.step(
                Event::ExtendAnswer {
                    flight: f,
                    session: Some(back),
                    stored: None,
                },
                late,
            );
            assert!(m.is_spent(token), "{token}");
            for t in [late + 1.0, late + 10_000.0, late + 29_000.0] {
                let st = m.step(
                    Event::BeforeCall {
                        path: "/x".into(),
                        timeout_ms: 0.0,
                    },
                    t,
                );
                assert_eq!(st.outcome, Outcome::Flight(0), "{token} at {t}");
            }
        }
        // The same opaque token with a later expiry did extend: extended again in its window.
        let mut m = machine(false);
        sign_in(&mut m, "t1", NOW);
        let late = NOW + HOUR - 30_000.0;
        let Outcome::Flight(f) = m.step(Event::Extend { timeout_ms: 0.0 }, late).outcome else {
            panic!()
        };
        m.step(
            Event::ExtendAnswer {
                flight: f,
                session: Some(session("t1", HOUR, late)),
                stored: None,
            },
            late,
        );
        assert!(!m.is_spent("t1"));
        let st = m.step(
            Event::BeforeCall {
                path: "/x".into(),
                timeout_ms: 0.0,
            },
            late + HOUR - 30_000.0,
        );
        assert!(matches!(st.outcome, Outcome::Flight(n) if n != 0));
    }

    #[test]
    fn nothing_is_told_after_free() {
        let mut m = machine(false);
        sign_in(&mut m, "t1", NOW);
        let st = m.step(Event::Free, NOW);
        assert_eq!(st.effects, vec![Effect::ClearTimer]);
        let st = m.step(Event::SignOut { revoke: true }, NOW);
        assert_eq!(
            st.effects,
            vec![Effect::Adopt(None), Effect::Revoke("t1".into())]
        );
    }
}
