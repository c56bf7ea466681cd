//! The rules of `AddressSearch` as a sans-IO state machine: events in,
//! effects out. Latest wins, the debounce, the answers kept in memory, the
//! blank query and the renewal of a rejected session key are decided here;
//! the JS shell (`src/js/search.js`) only carries the effects out (timers,
//! requests, promises, copies of answers) and reports what happened as
//! events. Plain Rust: tested natively (unit tests below, and every rule as
//! a property over generated interleavings of events in `tests/fuzz/search.rs`).
//!
//! A `search()` call is a *generation* (`Gen`, counted from 1). Only the
//! newest call can be pending; an event for any other generation (a timer or
//! an answer of a call that has ended) changes nothing.

use crate::prelude::*;

/// Answers kept per search session; the oldest is dropped first.
pub const MEMO_LIMIT: usize = 100;

/// One `search()` call (1, 2, 3, …).
pub type Gen = u32;

/// What happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// `search(query, {context})` with checked arguments (`context` is ""
    /// when there is none).
    Search {
        /// The query as typed (the machine trims it).
        query: String,
        /// The option's context to drill into, or "".
        context: String,
    },
    /// `resolve(option)`: a call for the chosen option's address. Like
    /// [`Event::Search`] (latest wins, memory, renewal, its answer kept for
    /// the same query and context), except that it sends at once: a choice
    /// is made, not typed. Its resolutions are the address of the answer
    /// ([`Machine::resolving`]).
    Resolve {
        /// The query (the option's `value` when it has no context, else "").
        query: String,
        /// The option's context, or "".
        context: String,
    },
    /// A `search()` call whose arguments were refused: it supersedes the
    /// pending call like any other, then ends rejected.
    Refused,
    /// The debounce timer of `gen` went off.
    TimerFired {
        /// The call whose timer it was.
        gen: Gen,
    },
    /// A request of `gen` (a search or a session start) settled.
    Settled {
        /// The call that sent it.
        gen: Gen,
        /// How it settled.
        outcome: Outcome,
    },
    /// The session start of `gen` gave a new key (taken while `gen` waits
    /// for it; an ended call's start was aborted, its key is not used).
    SessionStarted {
        /// The call that started it.
        gen: Gen,
        /// The new session key.
        key: String,
    },
    /// The caller's `AbortSignal` of `gen` aborted.
    Aborted {
        /// The call it was passed to.
        gen: Gen,
    },
    /// `free()`: stop the pending call.
    Free,
}

/// How a request settled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// A search answer.
    Answer,
    /// The session key was not accepted (expired or unknown).
    SessionRejected,
    /// Any other failure (the error goes to the caller as it is).
    Error,
}

/// Why a call is rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Why {
    /// A newer `search()` call (`ABORTED`, "superseded by a newer search").
    Superseded,
    /// The caller's signal, or `free()` (`ABORTED`).
    Aborted,
    /// Its arguments were refused (the input error).
    Refused,
    /// Its request failed (that request's error).
    Failed,
}

/// Where a resolved answer comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// `{ options: [] }`: a blank query without a context.
    Empty,
    /// A copy of the kept answer with this id.
    Memo(u32),
    /// The answer that just settled.
    Answer,
}

/// What to do.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Effect {
    /// End call `gen` with an error.
    Reject {
        /// The call.
        gen: Gen,
        /// Which error.
        why: Why,
    },
    /// End call `gen` with an answer.
    Resolve {
        /// The call.
        gen: Gen,
        /// Which answer.
        from: Source,
    },
    /// Start the debounce timer of `gen`; report [`Event::TimerFired`].
    StartTimer {
        /// The call.
        gen: Gen,
        /// How long, in ms.
        ms: f64,
    },
    /// Send the call's search ([`Machine::request`]: the trimmed query,
    /// the context and the session key); report [`Event::Settled`].
    Send {
        /// The call.
        gen: Gen,
        /// The last attempt: a rejected key is then the call's error, not
        /// [`Outcome::SessionRejected`].
        last: bool,
    },
    /// Start a new search session; report [`Event::SessionStarted`] (or
    /// [`Event::Settled`] with [`Outcome::Error`]).
    StartSession {
        /// The call that needs it.
        gen: Gen,
    },
    /// Keep a copy of the answer of `gen` (settling now) as answer `id`.
    Remember {
        /// The call whose answer it is.
        gen: Gen,
        /// Its id (see [`Source::Memo`]).
        id: u32,
    },
    /// Drop kept answer `id`.
    Forget {
        /// The answer.
        id: u32,
    },
}

/// The effects of one step, in order (at most three: a superseded call's
/// rejection and the new call's start; or a forgotten answer, the kept one
/// and the resolution).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Effects(Vec<Effect>);

impl Effects {
    fn push(&mut self, e: Effect) {
        self.0.push(e)
    }

    /// The effects, in order.
    pub fn iter(&self) -> impl Iterator<Item = Effect> + '_ {
        self.0.iter().copied()
    }

    /// The effects, in order, as a list.
    pub fn to_vec(&self) -> Vec<Effect> {
        self.iter().collect()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<const N: usize> PartialEq<[Effect; N]> for Effects {
    fn eq(&self, other: &[Effect; N]) -> bool {
        self.iter().eq(other.iter().copied())
    }
}

/// Where the pending call is.
#[derive(Clone, Debug)]
enum Stage {
    /// Its debounce timer runs.
    Waiting,
    /// Its search is on its way (with the key in use).
    Sending { last: bool },
    /// Its session start is on its way.
    Starting,
}

#[derive(Clone, Debug)]
struct Pending {
    gen: Gen,
    query: String,
    context: String,
    stage: Stage,
}

#[derive(Clone, Debug)]
struct Kept {
    query: String,
    context: String,
    id: u32,
}

/// One search session's state.
#[derive(Clone, Debug)]
pub struct Machine {
    debounce_ms: f64,
    key: String,
    gen: Gen,
    pending: Option<Pending>,
    /// The answers kept: at most `MEMO_LIMIT`, oldest at `ring` when full.
    memo: Vec<Kept>,
    /// Where the next answer goes.
    ring: usize,
    next_id: u32,
    /// The newest call is a `resolve()` (see [`Machine::resolving`]).
    resolving: bool,
}

impl Machine {
    /// A session with key `key` whose calls wait `debounce_ms` before sending.
    pub fn new(debounce_ms: f64, key: String) -> Machine {
        Machine {
            debounce_ms,
            key,
            gen: 0,
            pending: None,
            memo: Vec::new(),
            ring: 0,
            next_id: 0,
            resolving: false,
        }
    }

    /// Whether the newest call is a `resolve()`: its [`Effect::Resolve`]
    /// ends it with the address in the answer, not the answer (only the
    /// newest call resolves).
    pub fn resolving(&self) -> bool {
        self.resolving
    }

    /// The session key in use.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The newest call (0 before the first).
    pub fn latest(&self) -> Gen {
        self.gen
    }

    /// How many answers are kept.
    pub fn kept(&self) -> usize {
        self.memo.len()
    }

    /// The pending call, if any (at most one: the newest).
    pub fn pending(&self) -> Option<Gen> {
        self.pending.as_ref().map(|p| p.gen)
    }

    /// What [`Effect::Send`] sends: the pending call's trimmed query, its
    /// context and the session key.
    pub fn request(&self) -> Option<(&str, &str, &str)> {
        self.pending
            .as_ref()
            .map(|p| (p.query.as_str(), p.context.as_str(), self.key.as_str()))
    }

    /// Take in `event`; the effects, in order.
    pub fn step(&mut self, event: Event) -> Effects {
        let mut out = Effects::default();
        let (event, now) = match event {
            Event::Resolve { query, context } => (Event::Search { query, context }, true),
            e => (e, false),
        };
        if matches!(event, Event::Search { .. } | Event::Refused) {
            self.resolving = now;
        }
        match event {
            Event::Search { query, context } => {
                let gen = self.begin(&mut out);
                let query = query.trim();
                if query.is_empty() && context.is_empty() {
                    out.push(Effect::Resolve {
                        gen,
                        from: Source::Empty,
                    });
                } else if let Some(k) = self
                    .memo
                    .iter()
                    .find(|k| k.query == query && k.context == context)
                {
                    out.push(Effect::Resolve {
                        gen,
                        from: Source::Memo(k.id),
                    });
                } else {
                    let p = self.pending.insert(Pending {
                        gen,
                        query: query.to_owned(),
                        context,
                        stage: Stage::Waiting,
                    });
                    out.push(if now {
                        p.send(false)
                    } else {
                        Effect::StartTimer {
                            gen,
                            ms: self.debounce_ms,
                        }
                    });
                }
            }
            Event::Refused => {
                let gen = self.begin(&mut out);
                out.push(Effect::Reject {
                    gen,
                    why: Why::Refused,
                });
            }
            Event::TimerFired { gen } => {
                if let Some(p) = current(&mut self.pending, gen, |s| matches!(s, Stage::Waiting)) {
                    out.push(p.send(false));
                }
            }
            Event::Settled { gen, outcome } => self.settled(gen, outcome, &mut out),
            Event::SessionStarted { gen, key } => {
                // Only the pending call's start: an ended call's request was aborted.
                if let Some(p) = current(&mut self.pending, gen, |s| matches!(s, Stage::Starting)) {
                    self.key = key;
                    out.push(p.send(true));
                }
            }
            Event::Aborted { gen } => {
                if self.pending() == Some(gen) {
                    self.end(Why::Aborted, &mut out);
                }
            }
            Event::Free => self.end(Why::Aborted, &mut out),
            // Made a `Search` above.
            Event::Resolve { .. } => {}
        }
        out
    }

    /// A new call: the pending one (if any) is superseded.
    fn begin(&mut self, out: &mut Effects) -> Gen {
        self.end(Why::Superseded, out);
        self.gen = self.gen.wrapping_add(1);
        self.gen
    }

    /// End the pending call (if any) rejected with `why`.
    fn end(&mut self, why: Why, out: &mut Effects) {
        if let Some(p) = self.pending.take() {
            out.push(Effect::Reject { gen: p.gen, why });
        }
    }

    fn settled(&mut self, gen: Gen, outcome: Outcome, out: &mut Effects) {
        let Some(p) = current(&mut self.pending, gen, |s| !matches!(s, Stage::Waiting)) else {
            return;
        };
        match (outcome, &p.stage) {
            (Outcome::SessionRejected, Stage::Sending { last: false }) => {
                p.stage = Stage::Starting;
                out.push(Effect::StartSession { gen });
            }
            // A session start does not settle with an answer.
            (Outcome::Answer, Stage::Starting) => {}
            (Outcome::Answer, _) => {
                if let Some(p) = self.pending.take() {
                    self.remember(p.gen, p.query, p.context, out);
                    out.push(Effect::Resolve {
                        gen,
                        from: Source::Answer,
                    });
                }
            }
            // Errors, and a rejected key on the last attempt (which settles
            // as its error anyway).
            _ => self.end(Why::Failed, out),
        }
    }

    /// Keep the answer of `gen` for (query, context), dropping the oldest
    /// when full. (The key is not kept yet: the call missed the memory when
    /// it began, and only the pending call's answer is kept.)
    fn remember(&mut self, gen: Gen, query: String, context: String, out: &mut Effects) {
        let id = self.next_id;
        self.next_id = self.next_id.wrapping_add(1);
        let kept = Kept { query, context, id };
        // A ring: when full, slot `ring` holds the oldest.
        match self.memo.get_mut(self.ring) {
            Some(oldest) => {
                out.push(Effect::Forget { id: oldest.id });
                *oldest = kept;
            }
            None => self.memo.push(kept),
        }
        self.ring = (self.ring + 1) % MEMO_LIMIT;
        out.push(Effect::Remember { gen, id });
    }
}

/// The pending call when it is `gen` and its stage passes `at`.
fn current(
    pending: &mut Option<Pending>,
    gen: Gen,
    at: impl Fn(&Stage) -> bool,
) -> Option<&mut Pending> {
    pending.as_mut().filter(|p| p.gen == gen && at(&p.stage))
}

impl Pending {
    /// Send this call's search.
    fn send(&mut self, last: bool) -> Effect {
        self.stage = Stage::Sending { last };
        Effect::Send {
            gen: self.gen,
            last,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn search(m: &mut Machine, q: &str, ctx: &str) -> Vec<Effect> {
        m.step(Event::Search {
            query: q.into(),
            context: ctx.into(),
        })
        .to_vec()
    }

    fn answer(m: &mut Machine, gen: Gen) -> Vec<Effect> {
        m.step(Event::Settled {
            gen,
            outcome: Outcome::Answer,
        })
        .to_vec()
    }

    /// `Effect::Send`, checking what goes out.
    fn sent(m: &Machine, gen: Gen, q: &str, key: &str, last: bool) -> Effect {
        assert_eq!(m.request(), Some((q, "", key)));
        Effect::Send { gen, last }
    }

    #[test]
    fn typing_sends_once_and_only_the_last_call_resolves() {
        let mut m = Machine::new(150.0, "k".into());
        let text = "Damrak 1";
        for i in 1..=text.len() {
            let fx = search(&mut m, &text[..i], "");
            let gen = i as Gen;
            let mut want = vec![];
            if i > 1 {
                want.push(Effect::Reject {
                    gen: gen - 1,
                    why: Why::Superseded,
                });
            }
            want.push(Effect::StartTimer { gen, ms: 150.0 });
            assert_eq!(fx, want);
            // Superseded timers do nothing.
            if i > 1 {
                assert!(m.step(Event::TimerFired { gen: gen - 1 }).is_empty());
            }
        }
        let gen = text.len() as Gen;
        assert_eq!(
            m.step(Event::TimerFired { gen }),
            [sent(&m, gen, "Damrak 1", "k", false)]
        );
        assert_eq!(
            answer(&mut m, gen),
            [
                Effect::Remember { gen, id: 0 },
                Effect::Resolve {
                    gen,
                    from: Source::Answer
                }
            ]
        );
        assert_eq!(m.pending(), None);
    }

    #[test]
    fn memory_blank_queries_and_contexts() {
        let mut m = Machine::new(0.0, "k".into());
        search(&mut m, "Rokin", "");
        m.step(Event::TimerFired { gen: 1 });
        answer(&mut m, 1);
        // Trimmed, from memory: no timer, no request.
        assert_eq!(
            search(&mut m, "  Rokin ", ""),
            [Effect::Resolve {
                gen: 2,
                from: Source::Memo(0)
            }]
        );
        for blank in ["", "   ", "\t"] {
            let fx = search(&mut m, blank, "");
            assert!(matches!(
                fx[..],
                [Effect::Resolve {
                    from: Source::Empty,
                    ..
                }]
            ));
        }
        // A blank query in a context drills into it; the same query in another context is another answer.
        assert!(matches!(
            search(&mut m, "", "street")[..],
            [Effect::StartTimer { .. }]
        ));
        assert!(matches!(
            search(&mut m, "Rokin", "street")[..],
            [Effect::Reject { .. }, Effect::StartTimer { .. }]
        ));
    }

    #[test]
    fn a_newer_call_answered_from_memory_still_supersedes() {
        let mut m = Machine::new(0.0, "k".into());
        search(&mut m, "a", "");
        m.step(Event::TimerFired { gen: 1 });
        answer(&mut m, 1);
        search(&mut m, "b", "");
        assert_eq!(
            search(&mut m, "a", ""),
            [
                Effect::Reject {
                    gen: 2,
                    why: Why::Superseded
                },
                Effect::Resolve {
                    gen: 3,
                    from: Source::Memo(0)
                }
            ]
        );
        assert!(
            answer(&mut m, 2).is_empty(),
            "a late answer of a superseded call"
        );
    }

    #[test]
    fn keeps_100_answers_dropping_the_oldest() {
        let mut m = Machine::new(0.0, "k".into());
        for i in 0..=MEMO_LIMIT as Gen {
            let gen = i + 1;
            search(&mut m, &format!("q{i}"), "");
            m.step(Event::TimerFired { gen });
            let fx = answer(&mut m, gen);
            if i == MEMO_LIMIT as Gen {
                assert_eq!(fx[0], Effect::Forget { id: 0 });
            }
            assert!(m.kept() <= MEMO_LIMIT);
        }
        assert_eq!(m.kept(), MEMO_LIMIT);
        assert!(matches!(
            search(&mut m, "q100", "")[..],
            [Effect::Resolve { .. }]
        ));
        assert!(matches!(
            search(&mut m, " q50 ", "")[..],
            [Effect::Resolve { .. }]
        ));
        assert!(matches!(
            search(&mut m, "q0", "")[..],
            [Effect::StartTimer { .. }]
        ));
    }

    #[test]
    fn a_rejected_key_starts_one_session_and_retries_once() {
        let mut m = Machine::new(0.0, "old".into());
        search(&mut m, "Kalverstraat", "");
        m.step(Event::TimerFired { gen: 1 });
        let rejected = Event::Settled {
            gen: 1,
            outcome: Outcome::SessionRejected,
        };
        assert_eq!(m.step(rejected.clone()), [Effect::StartSession { gen: 1 }]);
        assert_eq!(
            m.step(Event::SessionStarted {
                gen: 1,
                key: "new".into()
            }),
            [sent(&m, 1, "Kalverstraat", "new", true)]
        );
        assert_eq!(m.key(), "new");
        // The last attempt's rejection is the call's error: no second session.
        assert_eq!(
            m.step(rejected),
            [Effect::Reject {
                gen: 1,
                why: Why::Failed
            }]
        );
    }

    #[test]
    fn a_late_session_start_of_an_ended_call_changes_nothing() {
        let mut m = Machine::new(0.0, "old".into());
        search(&mut m, "a", "");
        m.step(Event::TimerFired { gen: 1 });
        let started = Event::SessionStarted {
            gen: 1,
            key: "fresh".into(),
        };
        // Not asked for yet.
        assert!(m.step(started.clone()).is_empty());
        assert_eq!(m.key(), "old");
        search(&mut m, "b", "");
        assert!(m.step(started).is_empty());
        assert_eq!(m.key(), "old");
    }

    #[test]
    fn abort_free_and_refused() {
        let mut m = Machine::new(50.0, "k".into());
        search(&mut m, "a", "");
        assert!(m.step(Event::Aborted { gen: 7 }).is_empty());
        assert_eq!(
            m.step(Event::Aborted { gen: 1 }),
            [Effect::Reject {
                gen: 1,
                why: Why::Aborted
            }]
        );
        assert!(m.step(Event::TimerFired { gen: 1 }).is_empty());
        search(&mut m, "b", "");
        assert_eq!(
            m.step(Event::Free),
            [Effect::Reject {
                gen: 2,
                why: Why::Aborted
            }]
        );
        assert!(m.step(Event::Free).is_empty());
        assert!(m.step(Event::TimerFired { gen: 2 }).is_empty());
        search(&mut m, "c", "");
        assert_eq!(
            m.step(Event::Refused),
            [
                Effect::Reject {
                    gen: 3,
                    why: Why::Superseded
                },
                Effect::Reject {
                    gen: 4,
                    why: Why::Refused
                }
            ]
        );
    }

    #[test]
    fn a_failed_request_rejects_and_is_not_kept() {
        let mut m = Machine::new(0.0, "k".into());
        search(&mut m, "a", "");
        m.step(Event::TimerFired { gen: 1 });
        assert_eq!(
            m.step(Event::Settled {
                gen: 1,
                outcome: Outcome::Error
            }),
            [Effect::Reject {
                gen: 1,
                why: Why::Failed
            }]
        );
        assert_eq!(m.kept(), 0);
        assert!(matches!(
            search(&mut m, "a", "")[..],
            [Effect::StartTimer { .. }]
        ));
    }

    fn resolve(m: &mut Machine, q: &str, ctx: &str) -> Vec<Effect> {
        m.step(Event::Resolve {
            query: q.into(),
            context: ctx.into(),
        })
        .to_vec()
    }

    #[test]
    fn resolve_sends_at_once_and_is_kept_like_a_search() {
        let mut m = Machine::new(150.0, "k".into());
        search(&mut m, "Damr", "");
        assert!(!m.resolving());
        // A choice supersedes the typing and sends without the debounce.
        assert_eq!(
            resolve(&mut m, "", "premise-ctx"),
            [
                Effect::Reject {
                    gen: 1,
                    why: Why::Superseded
                },
                Effect::Send {
                    gen: 2,
                    last: false
                }
            ]
        );
        assert!(m.resolving());
        assert_eq!(m.request(), Some(("", "premise-ctx", "k")));
        assert!(m.step(Event::TimerFired { gen: 2 }).is_empty(), "no timer");
        // A rejected key is renewed once, as for a search.
        let rejected = Event::Settled {
            gen: 2,
            outcome: Outcome::SessionRejected,
        };
        assert_eq!(m.step(rejected), [Effect::StartSession { gen: 2 }]);
        assert_eq!(
            m.step(Event::SessionStarted {
                gen: 2,
                key: "k2".into()
            }),
            [Effect::Send { gen: 2, last: true }]
        );
        assert_eq!(
            answer(&mut m, 2),
            [
                Effect::Remember { gen: 2, id: 0 },
                Effect::Resolve {
                    gen: 2,
                    from: Source::Answer
                }
            ]
        );
        // The same choice again, and a search drilling into it: from memory.
        assert_eq!(
            resolve(&mut m, "", "premise-ctx"),
            [Effect::Resolve {
                gen: 3,
                from: Source::Memo(0)
            }]
        );
        assert!(m.resolving());
        assert_eq!(
            search(&mut m, "  ", "premise-ctx"),
            [Effect::Resolve {
                gen: 4,
                from: Source::Memo(0)
            }]
        );
        assert!(!m.resolving(), "a search's answer is the answer");
        // A blank choice without a context: nothing to send.
        assert_eq!(
            resolve(&mut m, " ", ""),
            [Effect::Resolve {
                gen: 5,
                from: Source::Empty
            }]
        );
        // A refused call is no resolve.
        m.step(Event::Refused);
        assert!(!m.resolving());
    }
}
