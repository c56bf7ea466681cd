//! Table-driven reading of query-style inputs: each `build_*` that sends
//! query parameters (and path segments) describes its input as a static
//! [`Param`] table; [`query_request`] checks it and builds the request.

use crate::api::shipping::{check_object, req_str};
use crate::error::{check_fields, Error, FieldErrors};
use crate::http::{path, HttpRequest, Method};
use crate::json::Json;
use crate::shape::opt_str;

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
pub fn query_request<V: Json>(
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
