//! The identity session's machine (`src/lifecycle.rs`) driven through
//! generated interleavings of events. Three clients: A and B on one page
//! (peers sharing the storage entry), C in another tab (it hears of A's and
//! B's writes only by a `storage` event, delivered late, and they of its).
//! The environment plays the JS shell, the browser's storage and the API
//! honestly: sign-ins, calls and extends answered in any order, failed or
//! refused (401); the server capping a token's lifetime; another writer
//! signing in and out; storage full; the clock jumping; timers going off
//! when due; `free()`. Every rule of the README's session section is checked
//! after every step, and at the end the clock runs out: every client still
//! listening hears its session end.
//!
//! Cases: 7 × `FUZZ_CASES` interleavings (1,050,000 in `npm run fuzz`).

use afosto_checkout::lifecycle::{Effect, Event, Machine, Outcome, Settings, EXTEND_PATH};
use afosto_checkout::session::Session;
use proptest::prelude::*;
use proptest::test_runner::{Config as PtConfig, TestRunner};
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};

/// Interleavings run, and events taken in by the machines.
pub static RUNS: AtomicU64 = AtomicU64::new(0);
pub static EVENTS: AtomicU64 = AtomicU64::new(0);

const T0: f64 = 1_800_000_000_000.0;
/// Token lifetimes the server gives, in ms.
const LIFETIMES: &[f64] = &[20_000.0, 90_000.0, 300_000.0, 3_600_000.0];
const WAITS: &[f64] = &[0.0, 1.0, 999.0, 5_000.0, 15_000.0, 61_000.0, 400_000.0];
const JUMPS: &[f64] = &[-600_000.0, -30_000.0, 45_000.0, 3_600_000.0];
const PATHS: &[&str] = &["/lcs/points/postnl", "/rel/identity/authorize", EXTEND_PATH];
const KEY: &str = "afosto-session";
/// Print each step (for reading a failing case).
const TRACE: bool = false;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fate {
    Ok,
    /// An extend: the same expiry back under a new token (a server cap).
    Capped,
    /// An extend: the same token back, timed as if issued now (no `iat`).
    Echo,
    Fail,
    /// A 401 (a call's; an extend's or sign-in's is a failure).
    Refused,
}

#[derive(Clone, Debug)]
enum Action {
    SignIn(u8, u8),
    Call(u8, u8),
    Extend(u8),
    Reply(u8, Fate),
    /// Another writer (a fourth tab) signs in (true) or out (false).
    Foreign(bool),
    /// A late `storage` event reaches its client.
    Deliver(u8),
    Wait(u8),
    Jump(u8),
    Read(u8),
    SignOut(u8, bool),
    Free(u8),
    /// Storage starts or stops refusing writes.
    Quota,
}

fn action() -> impl Strategy<Value = Action> {
    let c = 0u8..3;
    let fate = prop_oneof![
        3 => Just(Fate::Ok),
        1 => Just(Fate::Capped),
        1 => Just(Fate::Echo),
        2 => Just(Fate::Fail),
        1 => Just(Fate::Refused)
    ];
    prop_oneof![
        3 => (c.clone(), 0u8..4).prop_map(|(c, l)| Action::SignIn(c, l)),
        4 => (c.clone(), 0u8..3).prop_map(|(c, p)| Action::Call(c, p)),
        1 => c.clone().prop_map(Action::Extend),
        6 => (any::<u8>(), fate).prop_map(|(i, f)| Action::Reply(i, f)),
        1 => any::<bool>().prop_map(Action::Foreign),
        2 => any::<u8>().prop_map(Action::Deliver),
        5 => (0u8..7).prop_map(Action::Wait),
        1 => (0u8..4).prop_map(Action::Jump),
        1 => c.clone().prop_map(Action::Read),
        1 => (c.clone(), any::<bool>()).prop_map(|(c, r)| Action::SignOut(c, r)),
        1 => c.clone().prop_map(Action::Free),
        1 => Just(Action::Quota),
    ]
}

#[derive(Clone, Debug)]
enum Req {
    SignIn {
        c: usize,
        ticket: u32,
        life: f64,
    },
    Extend {
        c: usize,
        flight: u32,
        ticket: u32,
        token: Option<String>,
        life: f64,
    },
    Call {
        c: usize,
        token: Option<String>,
    },
}

struct Client {
    m: Machine<Value>,
    page: u8,
    timer: Option<(u32, f64)>,
    told: Option<(String, String)>,
    freed: bool,
}

struct World {
    persist: bool,
    now: f64,
    storage: Option<String>,
    version: u64,
    quota: bool,
    clients: Vec<Client>,
    pending: Vec<Req>,
    /// Late `storage` events: (client, key).
    events: Vec<(usize, Option<String>)>,
    microtasks: Vec<(usize, u32)>,
    tokens: u32,
    /// Automatic extends sent, per (client, token).
    auto: BTreeMap<(usize, String), u32>,
    /// Failed extends, per (client, token).
    failed: BTreeMap<(usize, String), u32>,
    backward_jumps: u32,
}

fn told_of(v: &Option<Value>) -> Option<(String, String)> {
    v.as_ref().map(|v| {
        (
            v["token"].as_str().unwrap_or_default().to_owned(),
            v["expiresAt"].as_str().unwrap_or_default().to_owned(),
        )
    })
}

impl World {
    fn new(persist: bool, jitters: [f64; 3]) -> World {
        let clients = (0..3)
            .map(|i| {
                let cfg = Settings {
                    storage_key: KEY.into(),
                    auto_extend: true,
                    persist,
                    jitter: jitters[i],
                };
                let (m, fx) = Machine::new(cfg, 10_000.0, None, None, T0);
                assert!(fx.is_empty(), "nothing stored, nothing to do");
                Client {
                    m,
                    page: u8::from(i == 2),
                    timer: None,
                    told: None,
                    freed: false,
                }
            })
            .collect();
        World {
            persist,
            now: T0,
            storage: None,
            version: 0,
            quota: false,
            clients,
            pending: Vec::new(),
            events: Vec::new(),
            microtasks: Vec::new(),
            tokens: 0,
            auto: BTreeMap::new(),
            failed: BTreeMap::new(),
            backward_jumps: 0,
        }
    }

    fn issue(&mut self, life: f64) -> Session<Value> {
        self.tokens += 1;
        Session::from_access_token(format!("tok{}", self.tokens), Some(life / 1000.0), self.now)
    }

    fn step(&mut self, c: usize, ev: Event<Value>, automatic: bool) -> Outcome<Value> {
        EVENTS.fetch_add(1, Ordering::Relaxed);
        let now = self.now;
        if TRACE {
            eprintln!("    client {c}: {ev:?}");
        }
        let before = self.clients[c].m.record_id();
        let st = self.clients[c].m.step(ev, now);
        if TRACE {
            eprintln!("    -> {:?} {:?}", st.outcome, st.effects);
        }
        self.apply(c, st.effects, automatic, before);
        self.check(c);
        st.outcome
    }

    /// A storage write by client `c` (or a foreign writer: `None`); other pages hear of it later.
    fn write(&mut self, by: Option<usize>, text: Option<String>) {
        if self.storage.is_none() && text.is_none() {
            return; // removing nothing fires no event
        }
        self.storage = text;
        self.version += 1;
        let page = by.map(|c| self.clients[c].page);
        for i in 0..self.clients.len() {
            if Some(self.clients[i].page) != page {
                self.events.push((i, Some(KEY.into())));
            }
        }
    }

    fn apply(&mut self, c: usize, fx: Vec<Effect<Value>>, automatic: bool, record_before: u32) {
        let freed = self.clients[c].freed;
        for e in fx {
            match e {
                Effect::Store(text) => {
                    assert!(self.persist, "stored without storage");
                    if self.quota {
                        let now = self.now;
                        let st = self.clients[c].m.step(Event::StoreFailed, now);
                        assert_eq!(
                            st.effects,
                            vec![Effect::Remove],
                            "a failed write removes the entry"
                        );
                        self.write(Some(c), None);
                    } else {
                        self.write(Some(c), Some(text));
                    }
                }
                Effect::Remove => {
                    assert!(self.persist, "removed without storage");
                    self.write(Some(c), None);
                }
                Effect::Adopt(_) => {}
                Effect::Tell(v) => {
                    assert!(!freed, "no event after free()");
                    let t = told_of(&v);
                    assert_ne!(t, self.clients[c].told, "only a change is told");
                    if let Some((_, exp)) = &t {
                        let ms = afosto_checkout::time::parse_rfc3339(exp).unwrap_or(f64::INFINITY);
                        let skew = self.clients[c].m.session().map_or(0.0, |s| s.skew_ms);
                        assert!(self.now < ms + skew, "an expired session is never told");
                    }
                    self.clients[c].told = t;
                }
                Effect::Timer { id, ms } => {
                    assert!(!freed, "no timer after free()");
                    assert!((0.0..=15_000.0).contains(&ms), "timer {ms} ms");
                    self.clients[c].timer = Some((id, self.now + ms));
                }
                Effect::ClearTimer => self.clients[c].timer = None,
                Effect::Check { id } => {
                    assert!(!freed, "no check after free()");
                    self.microtasks.push((c, id));
                }
                Effect::Peers { spent } => {
                    assert!(self.persist);
                    let page = self.clients[c].page;
                    for o in 0..self.clients.len() {
                        if o != c && self.clients[o].page == page && !self.clients[o].freed {
                            let stored = self.storage.clone();
                            self.step(
                                o,
                                Event::PeerStored {
                                    spent: spent.clone(),
                                    stored,
                                },
                                false,
                            );
                        }
                    }
                }
                Effect::Extend { flight, .. } => {
                    let m = &self.clients[c].m;
                    let of = m.record_id();
                    assert_eq!(
                        of, record_before,
                        "an extend is of the session the event found"
                    );
                    let token = m.token(self.now).map(str::to_owned);
                    let in_flight = self.pending.iter().any(|r| {
                        matches!(r, Req::Extend { c: rc, token: t, .. } if *rc == c && *t == token)
                    });
                    assert!(!in_flight, "one extend in flight per session");
                    if automatic {
                        let t = token.clone().expect("an automatic extend has a token");
                        assert!(!m.is_spent(&t), "a spent token is not extended");
                        let n = self.auto.entry((c, t.clone())).or_insert(0);
                        *n += 1;
                        let allowed = 1
                            + self.failed.get(&(c, t)).copied().unwrap_or(0)
                            + self.backward_jumps;
                        assert!(
                            *n <= allowed,
                            "extend storm: {n} automatic extends, {allowed} allowed"
                        );
                    }
                    let life = 3_600_000.0;
                    let ticket = m.ticket();
                    self.pending.push(Req::Extend {
                        c,
                        flight,
                        ticket,
                        token,
                        life,
                    });
                }
                Effect::Revoke(_) => {}
            }
        }
    }

    /// The rules that hold after every step.
    fn check(&self, c: usize) {
        let cl = &self.clients[c];
        let m = &cl.m;
        if let Some(s) = m.session().filter(|s| !s.is_expired(self.now)) {
            if !cl.freed {
                assert_eq!(
                    cl.told,
                    Some((s.token.clone(), s.expires_at.clone())),
                    "the visible session has been told"
                );
            }
        }
        let live = m.session().is_some_and(|s| s.expires_at_ms.is_finite()) && !cl.freed;
        if live {
            assert_ne!(m.timer_id(), 0, "a session with an expiry has a timer");
            assert_eq!(
                cl.timer.map(|t| t.0),
                Some(m.timer_id()),
                "the shell holds the live timer"
            );
        }
    }

    fn run_microtasks(&mut self) {
        while let Some((c, id)) = (!self.microtasks.is_empty()).then(|| self.microtasks.remove(0)) {
            let stored = self.storage.clone();
            self.step(c, Event::TimerFired { id, stored }, true);
        }
    }

    /// Move the clock to `to`, firing the timers that fall due on the way.
    fn advance(&mut self, to: f64) {
        loop {
            let next = (0..self.clients.len())
                .filter_map(|c| self.clients[c].timer.map(|(id, at)| (at, c, id)))
                .filter(|(at, _, _)| *at <= to)
                .min_by(|a, b| a.0.total_cmp(&b.0));
            let Some((at, c, id)) = next else { break };
            self.now = self.now.max(at);
            self.clients[c].timer = None;
            let stored = self.storage.clone();
            self.step(c, Event::TimerFired { id, stored }, true);
            self.run_microtasks();
        }
        self.now = self.now.max(to);
    }

    fn reply(&mut self, i: usize, fate: Fate) {
        let req = self.pending.remove(i);
        match req {
            Req::SignIn { c, ticket, life } => {
                let session =
                    matches!(fate, Fate::Ok | Fate::Capped | Fate::Echo).then(|| self.issue(life));
                let signed_out = ticket != self.clients[c].m.ticket();
                let v = self.version;
                let out = self.step(c, Event::SignInAnswer { ticket, session }, false);
                if signed_out {
                    assert_eq!(out, Outcome::Aborted, "sign-out wins");
                    assert_eq!(self.version, v, "nothing stored after a sign-out");
                }
            }
            Req::Extend {
                c,
                flight,
                ticket,
                token,
                life,
            } => {
                let session = match fate {
                    Fate::Ok => Some(self.issue(life)),
                    Fate::Capped => {
                        let old = self.clients[c].m.session().cloned();
                        old.map(|o| {
                            let mut s = self.issue(life);
                            s.expires_at_ms = o.expires_at_ms;
                            s.expires_at = o.expires_at.clone();
                            s
                        })
                    }
                    Fate::Echo => {
                        let old = self.clients[c].m.session().cloned();
                        let now = self.now;
                        old.map(|o| {
                            let mut s = Session::from_access_token(o.token.clone(), None, now);
                            s.expires_at_ms = o.expires_at_ms;
                            s.expires_at = o.expires_at.clone();
                            s
                        })
                    }
                    Fate::Fail | Fate::Refused => None,
                };
                if session.is_none() {
                    if let Some(t) = &token {
                        *self.failed.entry((c, t.clone())).or_insert(0) += 1;
                    }
                }
                let signed_out = ticket != self.clients[c].m.ticket();
                let v = self.version;
                let stored = self.storage.clone();
                // The live session in storage before the answer (an expired or damaged entry reads as none).
                let held_before = stored
                    .as_deref()
                    .and_then(|t| Session::<Value>::from_storage(t, self.now))
                    .map(|s| s.token);
                let out = self.step(
                    c,
                    Event::ExtendAnswer {
                        flight,
                        session,
                        stored,
                    },
                    false,
                );
                let wrote = self.version != v;
                if signed_out {
                    assert!(
                        !matches!(out, Outcome::Session(_)),
                        "sign-out wins over an extend"
                    );
                }
                if wrote && matches!(out, Outcome::Session(_)) {
                    assert!(
                        held_before.is_none() || held_before == token,
                        "an extend answer wrote over another tab's newer session"
                    );
                }
            }
            Req::Call { c, token } => {
                if fate != Fate::Refused {
                    return;
                }
                let Some(token) = token else { return };
                let held = self.clients[c].m.token(self.now).map(str::to_owned);
                let stored_before = self.storage.clone();
                let (v, rec) = (self.version, self.clients[c].m.record_id());
                let stored = self.storage.clone();
                self.step(
                    c,
                    Event::Unauthorized {
                        token: token.clone(),
                        stored,
                    },
                    false,
                );
                if held.as_deref() != Some(token.as_str()) {
                    assert_eq!(
                        self.clients[c].m.record_id(),
                        rec,
                        "a 401 of another token changes nothing"
                    );
                    assert_eq!(self.version, v, "a 401 of another token changes nothing");
                } else if self.version != v {
                    // Only the refused token's entry (or one that reads as none: expired, damaged) goes.
                    let live = stored_before
                        .as_deref()
                        .and_then(|t| Session::<Value>::from_storage(t, self.now));
                    let t = live.map(|s| s.token);
                    assert!(
                        t.is_none() || t.as_deref() == Some(token.as_str()),
                        "a 401 removed another token"
                    );
                }
            }
        }
    }

    fn act(&mut self, a: &Action) {
        let n = self.clients.len();
        if TRACE {
            eprintln!("{:>10} {a:?} pending={:?}", self.now - T0, self.pending);
        }
        match *a {
            Action::SignIn(c, l) => {
                let c = c as usize % n;
                let ticket = self.clients[c].m.ticket();
                self.pending.push(Req::SignIn {
                    c,
                    ticket,
                    life: LIFETIMES[l as usize],
                });
            }
            Action::Call(c, p) => {
                let c = c as usize % n;
                let path = PATHS[p as usize % PATHS.len()].to_owned();
                self.step(
                    c,
                    Event::BeforeCall {
                        path,
                        timeout_ms: 5_000.0,
                    },
                    true,
                );
                let token = self.clients[c].m.token(self.now).map(str::to_owned);
                self.pending.push(Req::Call { c, token });
            }
            Action::Extend(c) => {
                let c = c as usize % n;
                let out = self.step(c, Event::Extend { timeout_ms: 0.0 }, false);
                if self.clients[c].m.token(self.now).is_none() {
                    assert_eq!(out, Outcome::SignedOut);
                }
            }
            Action::Reply(i, fate) => {
                if !self.pending.is_empty() {
                    let i = i as usize % self.pending.len();
                    self.reply(i, fate);
                }
            }
            Action::Foreign(sign_in) => {
                if self.persist && (sign_in || self.storage.is_some()) {
                    let text = sign_in.then(|| self.issue(3_600_000.0).to_storage());
                    // A writer on a page of its own: every client hears of it late.
                    self.storage = text;
                    self.version += 1;
                    for c in 0..n {
                        self.events.push((c, Some(KEY.into())));
                    }
                }
            }
            Action::Deliver(i) => {
                if !self.events.is_empty() {
                    let (c, key) = self.events.remove(i as usize % self.events.len());
                    if !self.clients[c].freed {
                        let stored = self.storage.clone();
                        self.step(c, Event::StorageChanged { key, stored }, false);
                    }
                }
            }
            Action::Wait(w) => {
                let to = self.now + WAITS[w as usize];
                self.advance(to);
            }
            Action::Jump(j) => {
                let d = JUMPS[j as usize];
                if d < 0.0 {
                    self.backward_jumps += 1;
                }
                // The timers keep their due times; they fire at the next wait.
                self.now += d;
            }
            Action::Read(c) => {
                let c = c as usize % n;
                let out = self.step(c, Event::Read, false);
                let visible = self.clients[c].m.token(self.now).is_some();
                assert_eq!(out, Outcome::Visible(visible));
            }
            Action::SignOut(c, revoke) => {
                let c = c as usize % n;
                let had = self.clients[c].m.token(self.now).map(str::to_owned);
                let now = self.now;
                let before = self.clients[c].m.record_id();
                let st = self.clients[c].m.step(Event::SignOut { revoke }, now);
                let revoked: Vec<_> = st
                    .effects
                    .iter()
                    .filter_map(|e| match e {
                        Effect::Revoke(t) => Some(t.clone()),
                        _ => None,
                    })
                    .collect();
                let want: Vec<_> = had.iter().filter(|_| revoke).cloned().collect();
                assert_eq!(revoked, want, "the revoke goes with the token it ends");
                self.apply(c, st.effects, false, before);
                assert_eq!(self.clients[c].m.token(now), None, "signed out at once");
                self.check(c);
            }
            Action::Free(c) => {
                let c = c as usize % n;
                self.clients[c].freed = true;
                self.step(c, Event::Free, false);
                assert_eq!(self.clients[c].m.timer_id(), 0, "free() clears the timer");
                self.clients[c].timer = None;
            }
            Action::Quota => self.quota = !self.quota,
        }
        self.run_microtasks();
    }

    /// Run everything out: deliver every event, fail every request, and let
    /// the clock pass every expiry. Every client still listening has heard
    /// its session end.
    fn finish(&mut self) {
        self.quota = false;
        for _ in 0..200 {
            while !self.events.is_empty() {
                self.act(&Action::Deliver(0));
            }
            while !self.pending.is_empty() {
                self.reply(0, Fate::Fail);
            }
            let to = self.now + 15_000.0;
            self.advance(to);
            self.run_microtasks();
            if self.pending.is_empty()
                && self.events.is_empty()
                && self.clients.iter().all(|c| c.timer.is_none())
            {
                break;
            }
            self.now += 3_600_000.0;
        }
        for (i, c) in self.clients.iter().enumerate() {
            if !c.freed {
                assert_eq!(c.told, None, "client {i}: the expiry was told");
            }
        }
    }
}

fn run(persist: bool, jitters: [f64; 3], actions: &[Action]) {
    let mut w = World::new(persist, jitters);
    for a in actions {
        w.act(a);
    }
    w.finish();
}

pub fn fuzz_session_machine(cases: u32) {
    let mut runner = TestRunner::new(PtConfig {
        cases: cases.saturating_mul(7),
        failure_persistence: None,
        ..PtConfig::default()
    });
    let jitter = 0.0..0.1f64;
    let strategy = (
        any::<bool>(),
        [jitter.clone(), jitter.clone(), jitter],
        prop::collection::vec(action(), 0..32),
    );
    let result = runner.run(&strategy, |(persist, jitters, actions)| {
        run(persist, jitters, &actions);
        RUNS.fetch_add(1, Ordering::Relaxed);
        super::CASES_RUN.fetch_add(1, Ordering::Relaxed);
        Ok(())
    });
    if let Err(e) = result {
        panic!("session machine: {e}");
    }
}

#[test]
fn interleavings_found_by_the_fuzzer() {
    use Action::*;
    use Fate::{Capped, Fail, Ok as Answer, Refused};
    // A 401 while storage holds another tab's expired entry; an extend
    // answer after the expiry was taken from storage; an extend answer
    // already expired, then the clock going back; storage full; an extend
    // answer after a sign-out, once the clock went back and a late storage
    // event brought the extended token back.
    let cases: &[(&[Action], [f64; 3])] = &[
        (
            &[
                SignIn(0, 3),
                Reply(0, Answer),
                SignIn(2, 0),
                Call(0, 0),
                Reply(1, Answer),
                Wait(5),
                Reply(0, Refused),
            ],
            [0.0; 3],
        ),
        (
            &[
                SignIn(0, 0),
                SignIn(2, 0),
                Reply(30, Answer),
                Extend(0),
                SignIn(0, 0),
                SignIn(2, 1),
                Reply(211, Capped),
                Reply(150, Answer),
                Wait(5),
                Reply(22, Answer),
            ],
            [0.0; 3],
        ),
        (
            &[
                SignIn(0, 0),
                SignIn(0, 0),
                Reply(0, Answer),
                Wait(4),
                Jump(2),
                SignIn(0, 0),
                Reply(154, Capped),
                Jump(0),
                SignIn(0, 0),
            ],
            [0.0, 0.036, 0.048],
        ),
        (
            &[
                Quota,
                SignIn(0, 0),
                SignIn(2, 0),
                Reply(30, Answer),
                Quota,
                Reply(0, Answer),
                Wait(4),
                Extend(0),
                Reply(35, Answer),
                SignOut(2, false),
                Reply(0, Fail),
            ],
            [0.0; 3],
        ),
        (
            &[
                SignIn(0, 0),
                Foreign(true),
                Reply(0, Answer),
                Deliver(1),
                Deliver(7),
                Wait(5),
                SignIn(0, 0),
                SignOut(0, false),
                Deliver(85),
                Reply(132, Answer),
                Jump(0),
                Deliver(0),
                Reply(188, Answer),
                Reply(1, Answer),
            ],
            [0.0, 0.03321192741318859, 0.04294346428960808],
        ),
    ];
    for (actions, jitters) in cases {
        for persist in [false, true] {
            run(persist, *jitters, actions);
        }
    }
}

#[test]
fn a_long_day_of_two_tabs() {
    // A deterministic interleaving besides the generated ones: sign in,
    // calls through several extends, the other tab signs out.
    let mut actions = vec![Action::SignIn(0, 3), Action::Reply(0, Fate::Ok)];
    for _ in 0..40 {
        actions.extend([
            Action::Wait(5),
            Action::Call(1, 0),
            Action::Reply(0, Fate::Ok),
            Action::Deliver(0),
            Action::Wait(6),
        ]);
    }
    actions.extend([
        Action::SignOut(2, true),
        Action::Deliver(0),
        Action::Deliver(0),
    ]);
    for persist in [false, true] {
        run(persist, [0.0, 0.05, 0.09], &actions);
    }
}
