//! Table-driven reading of query-style inputs: each `build_*` that sends
//! query parameters (and path segments) describes its input as a static
//! [`Param`] table; [`query_request`] checks it and builds the request.

use crate::error::{add_field_error, check_fields, Error, FieldErrors};
use crate::http::{path, HttpRequest, Method};
use crate::json::Kind;
use crate::prelude::*;
use crate::shape::Walk;
use crate::shape::{encode, opt_str, Field};

/// How one member of a query input is read.
#[derive(Debug, Clone, Copy)]
pub enum Rule {
    /// A required, non-blank string: a query parameter.
    Req,
    /// An optional string: a query parameter when present.
    Opt,
    /// `channelId`: optional string, else the config's channel.
    Chan,
    /// A required, non-blank string: the next path segment.
    Seg,
}

/// One member of a query input: JS name, wire name (query key), rule.
#[derive(Debug)]
pub struct Param(pub &'static str, pub &'static str, pub Rule);

/// Check `q` (an object; absent allowed when `optional`), read `params` into
/// field errors (reported as `what`), then build `method` + path: `pieces`
/// interleaved with the path segments (`segs` first, then the `Seg` params),
/// and the query pairs in table order.
#[allow(clippy::too_many_arguments)]
#[inline(never)]
pub fn query_request<V: Walk>(
    q: &V,
    optional: bool,
    chan: Option<&str>,
    params: &[Param],
    what: &str,
    pieces: &[&str],
    mut segs: Vec<String>,
    mut errors: FieldErrors,
) -> Result<HttpRequest<V>, Error> {
    check_object(q, "query", optional)?;
    let mut query = Vec::new();
    for Param(js, wire, rule) in params {
        let v = match rule {
            Rule::Req | Rule::Seg => req_str(q, js, &mut errors),
            Rule::Opt => opt_str(q, js, &mut errors),
            Rule::Chan => opt_str(q, js, &mut errors).or_else(|| chan.map(str::to_owned)),
        };
        // A country code is checked and sent upper case, as every method does.
        let v = match v {
            Some(cc) if *wire == "country_code" => {
                if !is_country_code(&cc) {
                    add_field_error(&mut errors, js, "invalid");
                }
                Some(cc.to_ascii_uppercase())
            }
            v => v,
        };
        match (rule, v) {
            (Rule::Seg, v) => segs.push(v.unwrap_or_default()),
            (_, Some(v)) => query.push((String::from(*wire), v)),
            _ => {}
        }
    }
    check_fields(what, errors)?;
    let mut parts: Vec<&str> = Vec::new();
    let mut segs_iter = segs.iter();
    for p in pieces {
        parts.push(p);
        if let Some(s) = segs_iter.next() {
            parts.push(s);
        }
    }
    let mut req = HttpRequest::new(Method::Get, path(&parts)?);
    req.query = query;
    Ok(req)
}

/// Extra checks on an encoded body (`table` is the one it was encoded with).
pub type Check<V> = fn(&mut V, &[Field], &mut FieldErrors);

/// Read a body-style input: check that `v` is an object (when `obj` names it;
/// `true` = may be absent), encode it against `table`, run `check`, and turn
/// the field errors into `INVALID_INPUT` (reported as `what`).
pub fn read_body<V: Walk>(
    v: &V,
    obj: Option<(&str, bool)>,
    table: &[Field],
    what: &str,
    check: Check<V>,
) -> Result<V, Error> {
    if let Some((name, optional)) = obj {
        check_object(v, name, optional)?;
    }
    let mut errors = FieldErrors::new();
    let mut body = encode(v, table, "", &mut errors);
    check(&mut body, table, &mut errors);
    check_fields(what, errors)?;
    Ok(body)
}

/// `body.audience`, when absent, from the config.
pub fn default_audience<V: Walk>(body: &mut V, audience: Option<&str>) {
    if body.get("audience").is_absent() {
        if let Some(a) = audience {
            body.set("audience", V::from_str(a));
        }
    }
}

/// `country_code` of an encoded body: upper-cased when it is two letters,
/// else `countryCode: invalid`.
#[inline(never)]
pub fn upper_country<V: Walk>(body: &mut V, errors: &mut FieldErrors) {
    if let Some(cc) = body.get("country_code").as_string() {
        if is_country_code(&cc) {
            body.set("country_code", V::from_str(&cc.to_ascii_uppercase()));
        } else {
            add_field_error(errors, "countryCode", "invalid");
        }
    }
}

/// A required, non-empty string member of an input object.
pub(crate) fn req_str<V: Walk>(
    v: &V,
    key: &'static str,
    errors: &mut FieldErrors,
) -> Option<String> {
    let m = v.get(key);
    if m.is_absent() {
        add_field_error(errors, key, "required");
        return None;
    }
    match m.as_string() {
        Some(s) if !s.trim().is_empty() => Some(s),
        Some(_) => {
            add_field_error(errors, key, "required");
            None
        }
        None => {
            add_field_error(errors, key, "invalid");
            None
        }
    }
}

/// An input that must be an object (or, when `optional`, absent).
pub(crate) fn check_object<V: Walk>(v: &V, name: &str, optional: bool) -> Result<(), Error> {
    match v.kind() {
        Kind::Obj => Ok(()),
        Kind::Null if optional => Ok(()),
        // Problem "invalid" (the one vocabulary); the reason in the message.
        _ => Err(bad_input(name, name, "must be an object")),
    }
}

/// Two ASCII letters (either case).
pub fn is_country_code(s: &str) -> bool {
    s.len() == 2 && s.bytes().all(|b| b.is_ascii_alphabetic())
}

/// `DECODE` for a 2xx answer with no body where one is due.
pub fn missing_body() -> Error {
    Error::decode("$", "a JSON body", "an empty body")
}

/// An object answer of type `table` (`DECODE` naming the path otherwise).
pub fn decode_obj<V: Walk>(b: Option<V>, table: &'static [Field]) -> Result<V, Error> {
    crate::shape::decode_body(&body(b)?, &crate::shape::Ty::Obj(table))
}

/// The answer's body, or `DECODE` when there is none.
pub fn body<V>(b: Option<V>) -> Result<V, Error> {
    b.ok_or_else(missing_body)
}

/// `INVALID_INPUT` for one argument of `what`: `{field: ["invalid"]}`
/// (the problem vocabulary), the reason in the message: "invalid `what`:
/// `field` `why`".
pub fn bad_input(what: &str, field: &str, why: &str) -> Error {
    let mut m = String::from("invalid ");
    m.push_str(what);
    m.push_str(": ");
    m.push_str(field);
    m.push(' ');
    m.push_str(why);
    Error::invalid_field(field, "invalid", m)
}

/// Stable insertion sort by a key (smaller first); small and panic-free,
/// instead of `slice::sort_by`, which costs ~10 KB of wasm.
pub(crate) fn insertion_sort<T>(items: &mut [T], less: impl Fn(&T, &T) -> bool) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 {
            let (Some(a), Some(b)) = (items.get(j - 1), items.get(j)) else {
                break;
            };
            if !less(b, a) {
                break;
            }
            items.swap(j - 1, j);
            j -= 1;
        }
    }
}
