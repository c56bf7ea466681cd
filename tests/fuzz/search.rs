//! The address search's machine (`src/search.rs`) driven through generated
//! interleavings of events: searches, resolves (sent at once, their answer
//! the address), refused calls, timers, replies in any
//! order (late and aborted ones too), expired session keys, the caller's
//! aborts, `free()`, stray events and bursts that fill the memory. The
//! environment plays the JS shell and the server honestly (timers go off
//! when due, an ended call's timer is cleared and its request aborted); every
//! rule is checked after every step, and at the end everything left in flight
//! is run out: every call ends exactly once.
//!
//! Cases: 7 × `FUZZ_CASES` interleavings (1,050,000 in `npm run fuzz`).

use afosto_checkout::search::{Effect, Event, Gen, Machine, Outcome, Source, Why, MEMO_LIMIT};
use proptest::prelude::*;
use proptest::test_runner::{Config as PtConfig, TestRunner};
use std::collections::{BTreeMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};

/// Interleavings run, and events taken in by the machine.
pub static RUNS: AtomicU64 = AtomicU64::new(0);
pub static EVENTS: AtomicU64 = AtomicU64::new(0);

const QUERIES: &[&str] = &["", " ", "Dam", " Dam ", "Damrak", "Damrak 1", "1"];
const CONTEXTS: &[&str] = &["", "street", "street\0"];
const DEBOUNCES: &[f64] = &[0.0, 10.0, 150.0];
const WAITS: &[f64] = &[0.0, 1.0, 9.0, 10.0, 149.0, 150.0, 400.0];

/// How a request settles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fate {
    /// As the server says (an unknown key is rejected; on the last
    /// attempt that is its error).
    Honest,
    /// With an error (network, timeout, 500, …).
    Fail,
    /// The key rejected, even on the last attempt.
    Rejected,
}

#[derive(Clone, Debug)]
enum Action {
    /// `search(QUERIES[q], {context: CONTEXTS[c]})`.
    Search(u8, u8),
    /// `resolve(option)` as `Event::Resolve { QUERIES[q], CONTEXTS[c] }`.
    Resolve(u8, u8),
    /// A `search()` whose arguments are refused.
    Refused,
    /// The clock moves on `WAITS[i]` ms; due timers go off.
    Wait(u8),
    /// The request in flight number `i` (mod their count) settles.
    Reply(u8, Fate),
    /// The server forgets every session key.
    Expire,
    /// The caller's signal of the call `i` (mod 3) before the newest aborts.
    Abort(u8),
    /// `free()`.
    Free,
    /// An event for a call that is not pending (kind, which call).
    Stray(u8, u8),
    /// `n` new queries, each answered before the next.
    Burst(u8),
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        6 => (any::<u8>(), any::<u8>()).prop_map(|(q, c)| Action::Search(q, c)),
        2 => (any::<u8>(), any::<u8>()).prop_map(|(q, c)| Action::Resolve(q, c)),
        1 => Just(Action::Refused),
        4 => any::<u8>().prop_map(Action::Wait),
        5 => (any::<u8>(), prop_oneof![7 => Just(Fate::Honest), 2 => Just(Fate::Fail), 1 => Just(Fate::Rejected)])
            .prop_map(|(i, f)| Action::Reply(i, f)),
        1 => Just(Action::Expire),
        1 => any::<u8>().prop_map(Action::Abort),
        1 => Just(Action::Free),
        1 => (any::<u8>(), any::<u8>()).prop_map(|(k, g)| Action::Stray(k, g)),
        1 => prop_oneof![9 => 0u8..6, 1 => 95u8..=105].prop_map(Action::Burst),
    ]
}

/// One `search()` call as the environment saw it.
struct Call {
    start: f64,
    /// The trimmed query and the context (the memory's key).
    key: (String, String),
    ended: bool,
    fired: bool,
    sends: u32,
    sessions: u32,
    rejected: bool,
    /// The key of its last search sent.
    sent_key: String,
    /// A `resolve()` (sent at once; it resolves with the address).
    resolve: bool,
}

enum Io {
    Search { gen: Gen, key: String, last: bool },
    Session { gen: Gen },
}

struct Flight {
    io: Io,
    /// The JS aborted it: its call ended.
    aborted: bool,
}

struct Env {
    m: Machine,
    debounce: f64,
    now: f64,
    /// `calls[gen - 1]`.
    calls: Vec<Call>,
    timers: Vec<(Gen, f64)>,
    flight: Vec<Flight>,
    /// Keys the server accepts.
    valid: Vec<String>,
    issued: u32,
    /// The key the machine must be using (the last one started).
    key: String,
    /// The JS shell's kept answers: id -> the key it answers.
    answers: BTreeMap<u32, (String, String)>,
    /// The memory's reference model: keys in insertion order, at most 100.
    reference: VecDeque<(String, String)>,
    /// Calls up to this one were stopped by `free()` (0: none).
    freed: Gen,
    bursts: u32,
}

impl Env {
    fn new(debounce: f64) -> Env {
        Env {
            m: Machine::new(debounce, "k0".into()),
            debounce,
            now: 0.0,
            calls: Vec::new(),
            timers: Vec::new(),
            flight: Vec::new(),
            valid: vec!["k0".into()],
            issued: 0,
            key: "k0".into(),
            answers: BTreeMap::new(),
            reference: VecDeque::new(),
            freed: 0,
            bursts: 0,
        }
    }

    fn call(&mut self, gen: Gen) -> &mut Call {
        assert!(gen >= 1, "an effect for call 0");
        self.calls
            .get_mut(gen as usize - 1)
            .unwrap_or_else(|| panic!("an effect for call {gen}, never made"))
    }

    /// The calls not ended yet among the two newest (each step checks
    /// these, so an older one was checked ended when a newer one began).
    fn live(&self) -> Vec<Gen> {
        let n = self.calls.len() as Gen;
        (n.saturating_sub(1).max(1)..=n)
            .filter(|g| !self.calls[*g as usize - 1].ended)
            .collect()
    }

    fn fresh_key(&mut self) -> String {
        self.issued += 1;
        let k = format!("k{}", self.issued);
        self.valid.push(k.clone());
        k
    }

    /// Feed `ev`; `stray`: it concerns no pending call, so nothing may come of it.
    fn feed(&mut self, ev: Event, stray: bool) {
        EVENTS.fetch_add(1, Ordering::Relaxed);
        let before = self.m.pending();
        let latest = self.m.latest();
        if let Event::Search { query, context } | Event::Resolve { query, context } = &ev {
            let resolve = matches!(ev, Event::Resolve { .. });
            self.calls.push(Call {
                // A resolve is sent at once: as if its debounce had passed.
                start: if resolve {
                    self.now - self.debounce
                } else {
                    self.now
                },
                key: (query.trim().to_owned(), context.clone()),
                ended: false,
                fired: resolve,
                sends: 0,
                sessions: 0,
                rejected: false,
                sent_key: String::new(),
                resolve,
            });
        } else if ev == Event::Refused {
            self.calls.push(Call {
                start: self.now,
                key: (String::new(), String::new()),
                ended: false,
                fired: false,
                sends: 0,
                sessions: 0,
                rejected: false,
                sent_key: String::new(),
                resolve: false,
            });
        }
        // Only the pending call's session start changes the key.
        if let (Event::SessionStarted { key, .. }, false) = (&ev, stray) {
            self.key = key.clone();
        }
        let fx = self.m.step(ev.clone()).to_vec();
        let ctx = || format!("after {ev:?}: {fx:?}");
        if stray {
            assert!(fx.is_empty(), "a stray event had effects: {}", ctx());
        }
        // I/O starts at most once per step, as the last effect (the JS runs
        // the effects in order and a send may run user code).
        let io = fx
            .iter()
            .filter(|e| {
                matches!(
                    e,
                    Effect::StartTimer { .. } | Effect::Send { .. } | Effect::StartSession { .. }
                )
            })
            .count();
        assert!(io <= 1, "{}", ctx());
        if io == 1 {
            assert!(
                matches!(
                    fx.last(),
                    Some(
                        Effect::StartTimer { .. }
                            | Effect::Send { .. }
                            | Effect::StartSession { .. }
                    )
                ),
                "{}",
                ctx()
            );
        }
        // What each event must do.
        match &ev {
            Event::Search { .. } | Event::Resolve { .. } | Event::Refused => {
                let gen = latest.wrapping_add(1);
                assert_eq!(self.m.resolving(), matches!(ev, Event::Resolve { .. }));
                assert_eq!(self.m.latest(), gen);
                let mut want = Vec::new();
                if let Some(p) = before {
                    want.push(Effect::Reject {
                        gen: p,
                        why: Why::Superseded,
                    });
                }
                let key = self.calls[gen as usize - 1].key.clone();
                want.push(if ev == Event::Refused {
                    Effect::Reject {
                        gen,
                        why: Why::Refused,
                    }
                } else if key.0.is_empty() && key.1.is_empty() {
                    // A blank query without a context: no request.
                    Effect::Resolve {
                        gen,
                        from: Source::Empty,
                    }
                } else if self.reference.contains(&key) {
                    // A memory hit: no request; the id checked below.
                    match fx.last() {
                        Some(Effect::Resolve {
                            from: Source::Memo(id),
                            ..
                        }) => Effect::Resolve {
                            gen,
                            from: Source::Memo(*id),
                        },
                        _ => panic!("a memory hit was not answered from memory: {}", ctx()),
                    }
                } else if matches!(ev, Event::Resolve { .. }) {
                    // Sent at once.
                    Effect::Send { gen, last: false }
                } else {
                    Effect::StartTimer {
                        gen,
                        ms: self.debounce,
                    }
                });
                assert_eq!(fx, want, "{}", ctx());
            }
            Event::Free => {
                self.freed = latest;
                let want: Vec<Effect> = before
                    .map(|gen| Effect::Reject {
                        gen,
                        why: Why::Aborted,
                    })
                    .into_iter()
                    .collect();
                assert_eq!(fx, want, "{}", ctx());
            }
            Event::Aborted { gen } if !stray => {
                assert_eq!(
                    fx,
                    [Effect::Reject {
                        gen: *gen,
                        why: Why::Aborted
                    }],
                    "{}",
                    ctx()
                );
            }
            Event::TimerFired { gen } if !stray => {
                assert!(
                    matches!(fx[..], [Effect::Send { gen: g, last: false, .. }] if g == *gen),
                    "{}",
                    ctx()
                );
            }
            _ => {}
        }
        for e in &fx {
            match e {
                Effect::Reject { gen, why } => {
                    let gen = *gen;
                    let now = self.now;
                    let debounce = self.debounce;
                    let c = self.call(gen);
                    assert!(!c.ended, "call {gen} ended twice: {}", ctx());
                    c.ended = true;
                    if *why == Why::Superseded {
                        assert!(gen < self.m.latest(), "{}", ctx());
                        // Superseded within the debounce: nothing was sent.
                        let c = self.call(gen);
                        if now < c.start + debounce {
                            assert_eq!(c.sends + c.sessions, 0, "{}", ctx());
                        }
                    }
                    if *why == Why::Failed {
                        assert!(
                            matches!(ev, Event::Settled { gen: g, .. } if g == gen),
                            "{}",
                            ctx()
                        );
                    }
                    self.ended(gen);
                }
                Effect::Resolve { gen, from } => {
                    let gen = *gen;
                    // Only the newest call resolves.
                    assert_eq!(gen, self.m.latest(), "{}", ctx());
                    let resolving = self.m.resolving();
                    let c = self.call(gen);
                    assert!(!c.ended, "call {gen} ended twice: {}", ctx());
                    c.ended = true;
                    // A resolve ends with the address, a search with the answer.
                    assert_eq!(resolving, c.resolve, "{}", ctx());
                    let key = c.key.clone();
                    match from {
                        Source::Empty => assert!(key.0.is_empty() && key.1.is_empty(), "{}", ctx()),
                        Source::Memo(id) => {
                            assert_eq!(
                                self.answers.get(id),
                                Some(&key),
                                "recalled a wrong or forgotten answer: {}",
                                ctx()
                            );
                        }
                        Source::Answer => {
                            assert!(
                                matches!(ev, Event::Settled { gen: g, outcome: Outcome::Answer } if g == gen),
                                "{}",
                                ctx()
                            );
                        }
                    }
                    self.ended(gen);
                }
                Effect::StartTimer { gen, ms } => {
                    assert_eq!(*ms, self.debounce);
                    let due = self.now + ms;
                    self.timers.push((*gen, due));
                }
                Effect::Send { gen, last } => {
                    let gen = *gen;
                    let (query, context, key) = self.m.request().expect("a send without a request");
                    let (query, context, key) =
                        (query.to_owned(), context.to_owned(), key.to_owned());
                    assert_eq!(
                        gen,
                        self.m.latest(),
                        "only the newest call sends: {}",
                        ctx()
                    );
                    assert!(gen > self.freed, "a send after free(): {}", ctx());
                    assert_eq!(
                        key,
                        self.key,
                        "sent with a key other than the newest: {}",
                        ctx()
                    );
                    let (now, debounce) = (self.now, self.debounce);
                    let c = self.call(gen);
                    assert!(!c.ended && c.fired, "{}", ctx());
                    assert!(
                        now >= c.start + debounce,
                        "sent before the debounce: {}",
                        ctx()
                    );
                    assert_eq!((&query, &context), (&c.key.0, &c.key.1), "{}", ctx());
                    assert_eq!(*last, c.sends > 0, "{}", ctx());
                    if *last {
                        assert!(c.rejected, "a retry without a rejected key: {}", ctx());
                    }
                    c.sends += 1;
                    c.sent_key = key.clone();
                    assert!(c.sends <= 2, "more than one retry: {}", ctx());
                    self.flight.push(Flight {
                        io: Io::Search {
                            gen,
                            key: key.clone(),
                            last: *last,
                        },
                        aborted: false,
                    });
                }
                Effect::StartSession { gen } => {
                    let gen = *gen;
                    assert_eq!(gen, self.m.latest(), "{}", ctx());
                    assert!(gen > self.freed, "a session start after free(): {}", ctx());
                    let key = self.key.clone();
                    let c = self.call(gen);
                    assert!(!c.ended && c.rejected, "{}", ctx());
                    // A key renewed since it was sent is used, not renewed again.
                    assert_eq!(
                        c.sent_key,
                        key,
                        "a new session while a fresh key was in use: {}",
                        ctx()
                    );
                    c.sessions += 1;
                    assert!(c.sessions <= 1, "a second session for one call: {}", ctx());
                    self.flight.push(Flight {
                        io: Io::Session { gen },
                        aborted: false,
                    });
                }
                Effect::Remember { gen, id } => {
                    assert!(
                        matches!(ev, Event::Settled { gen: g, outcome: Outcome::Answer } if g == *gen),
                        "{}",
                        ctx()
                    );
                    let key = self.call(*gen).key.clone();
                    assert!(
                        self.answers.insert(*id, key.clone()).is_none(),
                        "id {id} reused: {}",
                        ctx()
                    );
                    self.reference.retain(|k| *k != key);
                    if self.reference.len() == MEMO_LIMIT {
                        self.reference.pop_front();
                    }
                    self.reference.push_back(key);
                }
                Effect::Forget { id } => {
                    assert!(
                        self.answers.remove(id).is_some(),
                        "forgot an answer not kept: {}",
                        ctx()
                    );
                }
            }
        }
        // The memory: at most 100, as many as the reference keeps, the same
        // newest and oldest (all of it compared after each action).
        assert!(self.answers.len() <= MEMO_LIMIT);
        assert_eq!(self.m.kept(), self.answers.len());
        assert_eq!(self.answers.len(), self.reference.len());
        assert_eq!(self.answers.values().next(), self.reference.front());
        assert_eq!(self.answers.values().next_back(), self.reference.back());
        // At most one call is live: the pending one, the newest.
        let live = self.live();
        assert_eq!(
            live,
            self.m.pending().into_iter().collect::<Vec<_>>(),
            "{}",
            ctx()
        );
        assert!(self.m.pending().map_or(true, |p| p == self.m.latest()));
        assert_eq!(self.m.key(), self.key);
    }

    /// Call `gen` ended: the JS clears its timer and aborts its requests.
    fn ended(&mut self, gen: Gen) {
        self.timers.retain(|t| t.0 != gen);
        for f in &mut self.flight {
            let g = match f.io {
                Io::Search { gen, .. } | Io::Session { gen } => gen,
            };
            if g == gen {
                f.aborted = true;
            }
        }
    }

    /// Move the clock to `to`, letting due timers go off in order.
    fn wait_until(&mut self, to: f64) {
        loop {
            let next = self
                .timers
                .iter()
                .enumerate()
                .filter(|(_, t)| t.1 <= to)
                .min_by(|a, b| a.1 .1.total_cmp(&b.1 .1))
                .map(|(i, _)| i);
            let Some(i) = next else { break };
            let (gen, due) = self.timers.remove(i);
            self.now = self.now.max(due);
            self.call(gen).fired = true;
            self.feed(Event::TimerFired { gen }, false);
        }
        self.now = self.now.max(to);
    }

    /// Request number `i` settles.
    fn reply(&mut self, i: usize, fate: Fate) {
        if self.flight.is_empty() {
            return;
        }
        let f = self.flight.remove(i % self.flight.len());
        let (gen, last, outcome) = match f.io {
            Io::Search { gen, key, last } => (
                gen,
                last,
                match fate {
                    Fate::Fail => Outcome::Error,
                    Fate::Rejected => Outcome::SessionRejected,
                    Fate::Honest if self.valid.contains(&key) => Outcome::Answer,
                    // `search` (the last attempt) settles a rejected key as its error.
                    Fate::Honest if last => Outcome::Error,
                    Fate::Honest => Outcome::SessionRejected,
                },
            ),
            Io::Session { gen } => {
                if fate == Fate::Fail {
                    (gen, false, Outcome::Error)
                } else {
                    // An aborted start may still have been answered: its key is good.
                    let key = self.fresh_key();
                    self.feed(Event::SessionStarted { gen, key }, f.aborted);
                    return;
                }
            }
        };
        if !f.aborted && !last && outcome == Outcome::SessionRejected {
            self.call(gen).rejected = true;
        }
        // An aborted request reports ABORTED, or its answer when it had already come.
        let outcome = if f.aborted && fate == Fate::Fail {
            Outcome::Error
        } else {
            outcome
        };
        self.feed(Event::Settled { gen, outcome }, f.aborted);
    }

    /// Run everything in flight out (the server answers, timers go off).
    fn settle_all(&mut self) {
        for _ in 0..10_000 {
            if let Some(due) = self.timers.iter().map(|t| t.1).min_by(f64::total_cmp) {
                self.wait_until(due);
            } else if !self.flight.is_empty() {
                self.reply(0, Fate::Honest);
            } else {
                return;
            }
        }
        panic!("the search never settled");
    }

    fn act(&mut self, a: &Action) {
        match *a {
            Action::Search(q, c) => self.feed(
                Event::Search {
                    query: QUERIES[q as usize % QUERIES.len()].into(),
                    context: CONTEXTS[c as usize % CONTEXTS.len()].into(),
                },
                false,
            ),
            Action::Resolve(q, c) => self.feed(
                Event::Resolve {
                    query: QUERIES[q as usize % QUERIES.len()].into(),
                    context: CONTEXTS[c as usize % CONTEXTS.len()].into(),
                },
                false,
            ),
            Action::Refused => self.feed(Event::Refused, false),
            Action::Wait(i) => self.wait_until(self.now + WAITS[i as usize % WAITS.len()]),
            Action::Reply(i, fate) => self.reply(i as usize, fate),
            Action::Expire => self.valid.clear(),
            Action::Abort(i) => {
                let gen = self.m.latest().saturating_sub(Gen::from(i % 3));
                if gen >= 1 {
                    // The JS listens to a call's signal only while it is live.
                    let stray = self.calls[gen as usize - 1].ended;
                    self.feed(Event::Aborted { gen }, stray);
                }
            }
            Action::Free => self.feed(Event::Free, false),
            Action::Stray(kind, g) => {
                let latest = self.m.latest();
                let gen = if g % 2 == 0 {
                    latest.wrapping_add(1 + Gen::from(g / 2))
                } else {
                    latest.saturating_sub(Gen::from(g / 2))
                };
                if self.m.pending() == Some(gen) {
                    return;
                }
                let ev = match kind % 6 {
                    0 => Event::TimerFired { gen },
                    1 => Event::Settled {
                        gen,
                        outcome: Outcome::Answer,
                    },
                    2 => Event::Settled {
                        gen,
                        outcome: Outcome::SessionRejected,
                    },
                    3 => Event::Settled {
                        gen,
                        outcome: Outcome::Error,
                    },
                    4 => Event::Aborted { gen },
                    _ => {
                        let key = self.fresh_key();
                        Event::SessionStarted { gen, key }
                    }
                };
                self.feed(ev, true);
            }
            Action::Burst(n) => {
                for _ in 0..n {
                    self.bursts += 1;
                    let query = format!("burst {}", self.bursts);
                    self.feed(
                        Event::Search {
                            query,
                            context: String::new(),
                        },
                        false,
                    );
                    self.settle_all();
                }
            }
        }
    }
}

fn run(debounce: f64, actions: &[Action]) {
    let mut env = Env::new(debounce);
    for a in actions {
        env.act(a);
        // The memory holds the reference's keys, oldest first.
        assert!(
            env.answers.values().eq(env.reference.iter()),
            "memory {:?} != reference {:?}",
            env.answers,
            env.reference
        );
    }
    env.settle_all();
    // Every call ended exactly once (twice is caught as it happens).
    assert!(env.calls.iter().all(|c| c.ended));
    assert_eq!(env.m.pending(), None);
}

/// Every rule of the machine over generated interleavings.
pub fn fuzz_search_machine(cases: u32) {
    let mut runner = TestRunner::new(PtConfig {
        cases: cases.saturating_mul(7),
        failure_persistence: None,
        ..PtConfig::default()
    });
    let strategy = (0..DEBOUNCES.len(), prop::collection::vec(action(), 0..24));
    let result = runner.run(&strategy, |(d, actions)| {
        run(DEBOUNCES[d], &actions);
        RUNS.fetch_add(1, Ordering::Relaxed);
        super::CASES_RUN.fetch_add(1, Ordering::Relaxed);
        Ok(())
    });
    if let Err(e) = result {
        panic!("search machine: {e}");
    }
}

#[test]
fn the_memory_fills_to_100_and_stays_there() {
    // A long deterministic interleaving besides the generated ones.
    let mut actions = vec![Action::Burst(105), Action::Search(4, 0), Action::Wait(6)];
    actions.extend([
        Action::Expire,
        Action::Search(5, 1),
        Action::Wait(6),
        Action::Reply(0, Fate::Honest),
    ]);
    for d in DEBOUNCES {
        run(*d, &actions);
    }
}
