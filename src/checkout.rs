//! What the client has seen of a checkout session's shipping step, so
//! that `selectServicePoint` can warn about a point that does not fit the
//! session's shipping method (the server decides; the client only warns):
//! the options the session offered (its last `checkoutShippingMethods`
//! answer), the method it holds (that answer's `active`, or the last
//! `selectShippingMethod` answer) and the points it listed (the last
//! `checkoutServicePoints` answer), for the last session the client called
//! these for. It keeps the decoded (camelCase) answers themselves and reads
//! them only when a point is selected: plain Rust over [`Json`], tested
//! natively; the wasm `Core` keeps one per client.
//!
//! Only what an answer said is used: a session the client has seen nothing
//! of, a method or point it has not seen listed, gives no warning.

use crate::api::checkout::{point_need, PointNeed};
use crate::error::{concat, Code, Error};
use crate::json::Json;
use crate::prelude::*;

/// The last checkout session seen by one client (a page works on one at a
/// time; an answer for another session starts over), as its answers
/// themselves: the client reads them only when `selectServicePoint` is
/// answered.
#[derive(Debug)]
pub struct Seen<V> {
    /// The session.
    id: String,
    /// The last `checkoutShippingMethods` answer (`options[]`: `id`, `carrier`, `type`).
    methods: V,
    /// The selection (`{ methodId }`): that answer's `active`, or the last
    /// `selectShippingMethod` answer; absent: none, as far as the client knows.
    selected: V,
    /// The last `checkoutServicePoints` answer (`options[].point`: `id`, `carrier`).
    points: V,
}

impl<V: Json> Default for Seen<V> {
    fn default() -> Self {
        Seen {
            id: String::new(),
            methods: V::null(),
            selected: V::null(),
            points: V::null(),
        }
    }
}

/// Member `key` of `v` as a string ("" when it is none). Not inlined: one
/// copy of the string read.
#[inline(never)]
fn text<V: Json>(v: &V, key: &'static str) -> String {
    v.get(key).as_string().unwrap_or_default()
}

/// The element of `list`'s `options` (through `at`) whose `id` is `id`.
#[inline(never)]
fn find<V: Json>(list: &V, id: &str, point: bool) -> Option<V> {
    let options = list.get("options");
    (0..options.len())
        .map(|i| options.at(i))
        .map(|o| if point { o.get("point") } else { o })
        .find(|e| text(e, "id") == id)
}

impl<V: Json> Seen<V> {
    /// Session `id`'s step (what was seen of another session is forgotten).
    fn step(&mut self, id: &str) -> &mut Self {
        if self.id != id {
            *self = Seen::default();
            self.id = id.to_owned();
        }
        self
    }

    /// A `checkoutShippingMethods` answer for session `id`
    /// (`{ active?: { methodId }, options: [{ id, carrier, type }] }`).
    pub fn methods(&mut self, id: &str, answer: &V) {
        let s = self.step(id);
        s.methods = answer.clone();
        s.selected = answer.get("active");
    }

    /// A `selectShippingMethod` answer (`{ methodId }`: what the session now holds).
    pub fn selected(&mut self, id: &str, answer: &V) {
        self.step(id).selected = answer.clone();
    }

    /// A `checkoutServicePoints` answer (`{ options: [{ point: { id, carrier } }] }`).
    pub fn points(&mut self, id: &str, answer: &V) {
        self.step(id).points = answer.clone();
    }

    /// A `selectServicePoint` answer (`{ spid }`) for session `id`: the
    /// warning (a `CONFLICT` AfostoError, not thrown) when the selected
    /// method takes no service point (type `homedelivery`;
    /// `fieldErrors: { spid: ["no_service_point"] }`), or when the point's
    /// carrier is not the method's (`{ spid: ["carrier_mismatch"] }`). `None`
    /// when they fit, or when the client has not seen enough to tell.
    pub fn check_point(&self, id: &str, answer: &V) -> Option<Error> {
        let s = Some(self).filter(|s| s.id == id)?;
        let method_id = text(&s.selected, "methodId");
        let method = find(&s.methods, &method_id, false)?;
        let (carrier, kind) = (text(&method, "carrier"), text(&method, "type"));
        let spid = text(answer, "spid");
        let head = "the selected shipping method ";
        let (problem, m) = if point_need(&kind) == PointNeed::NotNeeded {
            let m = concat(&[
                head,
                &method_id,
                " (type ",
                &kind,
                ") takes no service point",
            ]);
            ("no_service_point", m)
        } else {
            let at = text(&find(&s.points, &spid, true)?, "carrier");
            if at.eq_ignore_ascii_case(&carrier) {
                return None;
            }
            let m = concat(&[
                head,
                &method_id,
                " ships with ",
                &carrier,
                ", service point ",
                &spid,
                " is ",
                &at,
                "'s",
            ]);
            ("carrier_mismatch", m)
        };
        let mut e = Error::new(Code::Conflict, m);
        e.field_errors = crate::error::one_field("spid", problem);
        Some(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn methods(active: Option<&str>) -> Value {
        let mut v = json!({"options": [
            {"id": "pnl-point", "carrier": "postnl", "name": "PostNL pick-up point", "type": "servicepoint", "price": 395},
            {"id": "dhl-point", "carrier": "dhl", "name": "DHL ServicePoint", "type": "servicepoint", "price": 375},
            {"id": "pnl-home", "carrier": "postnl", "name": "PostNL at home", "type": "homedelivery", "price": 495},
            {"id": "shop", "carrier": "shop", "name": "Pick up in store", "type": "pick", "price": 0},
        ]});
        if let Some(a) = active {
            v["active"] = json!({"methodId": a, "isSplitAllowed": false});
        }
        v
    }

    fn points() -> Value {
        json!({"options": [
            {"distance": 120, "point": {"id": "P1", "carrier": "postnl", "name": "Albert Heijn"}},
            {"distance": 300, "point": {"id": "D1", "carrier": "DHL", "name": "Primera"}},
        ]})
    }

    fn spid(id: &str) -> Value {
        json!({"spid": id, "countryCode": "NL"})
    }

    fn problem(e: Option<Error>) -> Option<String> {
        e.map(|e| {
            assert_eq!(e.code, Code::Conflict);
            assert!(!e.retryable);
            e.field_errors
                .into_iter()
                .map(|(f, p)| format!("{f}: {}", p.join(",")))
                .collect()
        })
    }

    #[test]
    fn knows_nothing_warns_nothing() {
        let mut seen = Seen::<Value>::default();
        assert_eq!(problem(seen.check_point("s", &spid("D1"))), None);
        // Methods but none selected; a selected method never listed; a point never listed.
        seen.methods("s", &methods(None));
        assert_eq!(problem(seen.check_point("s", &spid("D1"))), None);
        seen.selected("s", &json!({"methodId": "unlisted"}));
        assert_eq!(problem(seen.check_point("s", &spid("D1"))), None);
        seen.selected("s", &json!({"methodId": "pnl-point"}));
        assert_eq!(problem(seen.check_point("s", &spid("D1"))), None);
        // Another session's knowledge is not this one's.
        seen.points("other", &points());
        assert_eq!(problem(seen.check_point("s", &spid("D1"))), None);
    }

    #[test]
    fn a_point_of_another_carrier() {
        let mut seen = Seen::<Value>::default();
        seen.methods("s", &methods(None));
        seen.points("s", &points());
        seen.selected(
            "s",
            &json!({"methodId": "pnl-point", "isSplitAllowed": false}),
        );
        assert_eq!(problem(seen.check_point("s", &spid("P1"))), None);
        let e = seen.check_point("s", &spid("D1")).unwrap();
        assert_eq!(
            e.message,
            "the selected shipping method pnl-point ships with postnl, service point D1 is DHL's"
        );
        assert_eq!(problem(Some(e)), Some("spid: carrier_mismatch".to_owned()));
        // The carrier's case is not a mismatch; the selection from `active` counts too.
        seen.methods("s", &methods(Some("dhl-point")));
        assert_eq!(problem(seen.check_point("s", &spid("D1"))), None);
        assert_eq!(
            problem(seen.check_point("s", &spid("P1"))),
            Some("spid: carrier_mismatch".to_owned())
        );
        // A type the reference does not say about (pick): the carriers are still compared.
        seen.selected("s", &json!({"methodId": "shop"}));
        assert_eq!(
            problem(seen.check_point("s", &spid("P1"))),
            Some("spid: carrier_mismatch".to_owned())
        );
        // A new answer without `active`: the session holds no method (as far as the client knows).
        seen.methods("s", &methods(None));
        assert_eq!(problem(seen.check_point("s", &spid("P1"))), None);
    }

    #[test]
    fn a_method_that_takes_no_point() {
        let mut seen = Seen::<Value>::default();
        seen.methods("s", &methods(None));
        seen.selected("s", &json!({"methodId": "pnl-home"}));
        // Even a point the client never saw listed.
        let e = seen.check_point("s", &spid("anything")).unwrap();
        assert_eq!(
            e.message,
            "the selected shipping method pnl-home (type homedelivery) takes no service point"
        );
        assert_eq!(problem(Some(e)), Some("spid: no_service_point".to_owned()));
    }

    #[test]
    fn another_session_starts_over() {
        let mut seen = Seen::<Value>::default();
        seen.methods("s1", &methods(Some("pnl-home")));
        assert!(seen.check_point("s1", &spid("P1")).is_some());
        seen.points("s2", &points());
        assert!(seen.check_point("s1", &spid("P1")).is_none(), "forgotten");
        assert!(
            seen.check_point("s2", &spid("P1")).is_none(),
            "no methods seen"
        );
        seen.methods("s2", &methods(Some("dhl-point")));
        assert!(seen.check_point("s2", &spid("P1")).is_some());
    }
}
