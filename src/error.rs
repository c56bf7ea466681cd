//! The one error type. Every failure the client can report becomes an [`Error`]
//! with a machine-readable [`Code`]; in JS it is a real `Error` named
//! `"AfostoError"` (see `client::error_to_js`).

use crate::prelude::*;
/// `AfostoErrorCode` in the TypeScript contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Code {
    /// Bad arguments, caught before any request is sent.
    InvalidInput,
    /// Bad `ClientConfig`, caught at construction.
    InvalidConfig,
    /// The request never got a response (offline, DNS, CORS, connection reset).
    Network,
    /// An attempt took longer than `timeoutMs`.
    Timeout,
    /// The caller's `AbortSignal` fired (or a newer search replaced this one).
    Aborted,
    /// 401.
    Unauthorized,
    /// 403.
    Forbidden,
    /// 404.
    NotFound,
    /// 409.
    Conflict,
    /// 400 / 422 with the API's error body.
    Validation,
    /// 429.
    RateLimited,
    /// 5xx.
    Server,
    /// Any other non-2xx status.
    Http,
    /// The response is not in the documented shape.
    Decode,
}

impl Code {
    /// The string code JS sees.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::InvalidInput => "INVALID_INPUT",
            Code::InvalidConfig => "INVALID_CONFIG",
            Code::Network => "NETWORK",
            Code::Timeout => "TIMEOUT",
            Code::Aborted => "ABORTED",
            Code::Unauthorized => "UNAUTHORIZED",
            Code::Forbidden => "FORBIDDEN",
            Code::NotFound => "NOT_FOUND",
            Code::Conflict => "CONFLICT",
            Code::Validation => "VALIDATION",
            Code::RateLimited => "RATE_LIMITED",
            Code::Server => "SERVER",
            Code::Http => "HTTP",
            Code::Decode => "DECODE",
        }
    }

    /// The code for a non-2xx HTTP status.
    pub fn from_status(status: u16) -> Code {
        match status {
            400 | 422 => Code::Validation,
            401 => Code::Unauthorized,
            403 => Code::Forbidden,
            404 => Code::NotFound,
            409 => Code::Conflict,
            429 => Code::RateLimited,
            500..=599 => Code::Server,
            _ => Code::Http,
        }
    }
}

/// Property name -> problems (`{"email": ["required"]}`), in insertion order.
pub type FieldErrors = Vec<(String, Vec<String>)>;

/// A failure, as reported to JS callers.
#[derive(Clone, Debug, PartialEq)]
pub struct Error {
    /// Machine-readable code.
    pub code: Code,
    /// Human-readable message; never contains a token or a password.
    pub message: String,
    /// HTTP status when there was a response.
    pub status: Option<u16>,
    /// HTTP method of the failed request.
    pub method: Option<&'static str>,
    /// Path of the failed request (without query).
    pub path: Option<String>,
    /// The API's error reference.
    pub reference: Option<String>,
    /// Property -> problems.
    pub field_errors: FieldErrors,
    /// Delay the server asked for (Retry-After), in ms.
    pub retry_after_ms: Option<f64>,
    /// Whether trying the same call again later may succeed.
    pub retryable: bool,
    /// `DECODE`: the JSON path that did not match (`$[3].point.name`).
    pub json_path: Option<String>,
    /// `DECODE` of a required field that is missing: the type it should have had.
    pub missing: Option<String>,
}

impl Error {
    /// A new error with just a code and a message.
    pub fn new(code: Code, message: impl Into<String>) -> Error {
        Error {
            code,
            message: message.into(),
            status: None,
            method: None,
            path: None,
            reference: None,
            field_errors: Vec::new(),
            retry_after_ms: None,
            retryable: matches!(
                code,
                Code::Network | Code::Timeout | Code::RateLimited | Code::Server
            ),
            json_path: None,
            missing: None,
        }
    }

    /// `INVALID_INPUT` with field errors.
    pub fn invalid_input(message: impl Into<String>, field_errors: FieldErrors) -> Error {
        let mut e = Error::new(Code::InvalidInput, message);
        e.field_errors = field_errors;
        e
    }

    /// `INVALID_INPUT` for one field: `problem` ("invalid", "required", …)
    /// under `field` in `fieldErrors`, with `message`.
    pub fn invalid_field(field: &str, problem: &str, message: impl Into<String>) -> Error {
        Error::invalid_input(message, one_field(field, problem))
    }

    /// `INVALID_CONFIG`.
    pub fn invalid_config(message: impl Into<String>) -> Error {
        Error::new(Code::InvalidConfig, message)
    }

    /// `DECODE` naming the JSON path that did not match.
    pub fn decode(path: &str, expected: &str, found: &str) -> Error {
        let mut m = String::from("response does not match the documented shape at ");
        m.push_str(path);
        m.push_str(": expected ");
        m.push_str(expected);
        m.push_str(", found ");
        m.push_str(found);
        let mut e = Error::new(Code::Decode, m);
        e.json_path = Some(path.to_owned());
        if found == "nothing" {
            e.missing = Some(expected.to_owned());
        }
        e
    }

    /// The warning for a list element (or optional member) at `at` that was
    /// left out of a response because it lacks a required field (`missing`).
    pub fn dropped(at: &str, missing: &Error) -> Error {
        let mut m = String::from("left out ");
        m.push_str(at);
        m.push_str(": ");
        m.push_str(&missing.message);
        let mut e = Error::new(Code::Decode, m);
        e.json_path = missing.json_path.clone();
        e
    }

    /// `ABORTED`.
    pub fn aborted() -> Error {
        Error::new(Code::Aborted, "the call was aborted")
    }

    /// Attach the request's method and path and prefix the message with them:
    /// `[POST] /rel/identity/authorize: ...`.
    pub fn at(mut self, method: &'static str, path: &str) -> Error {
        if self.method.is_none() {
            let mut m = String::from("[");
            m.push_str(method);
            m.push_str("] ");
            m.push_str(path);
            m.push_str(": ");
            m.push_str(&self.message);
            self.message = m;
            self.method = Some(method);
            self.path = Some(path.to_owned());
        }
        self
    }
}

/// `parts` joined into one message (one copy of the code, where a chain of
/// `push_str`s is inlined at every call site).
#[inline(never)]
pub fn concat(parts: &[&str]) -> String {
    let mut m = String::new();
    for p in parts {
        m.push_str(p);
    }
    m
}

/// A one-entry [`FieldErrors`]: `field` with `problem`.
#[inline(never)]
pub fn one_field(field: &str, problem: &str) -> FieldErrors {
    vec![(field.to_owned(), vec![problem.to_owned()])]
}

/// Add `problem` to `field` in a [`FieldErrors`] list.
pub fn add_field_error(list: &mut FieldErrors, field: &str, problem: &str) {
    match list.iter_mut().find(|(f, _)| f == field) {
        Some((_, problems)) => {
            if !problems.iter().any(|p| p == problem) {
                problems.push(problem.to_owned());
            }
        }
        None => list.push((field.to_owned(), vec![problem.to_owned()])),
    }
}

/// Turn a list of field errors into an `INVALID_INPUT` error, or `Ok` when empty.
pub fn check_fields(what: &str, list: FieldErrors) -> Result<(), Error> {
    if list.is_empty() {
        return Ok(());
    }
    let mut m = String::from("invalid ");
    m.push_str(what);
    m.push_str(": ");
    for (i, (field, problems)) in list.iter().enumerate() {
        if i > 0 {
            m.push_str(", ");
        }
        m.push_str(field);
        m.push(' ');
        for (j, p) in problems.iter().enumerate() {
            if j > 0 {
                m.push('/');
            }
            m.push_str(p);
        }
    }
    Err(Error::invalid_input(m, list))
}

/// Human reason phrase for the statuses we name in messages.
pub fn reason_phrase(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        410 => "Gone",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_to_code_table() {
        let table = [
            (400, "VALIDATION"),
            (401, "UNAUTHORIZED"),
            (403, "FORBIDDEN"),
            (404, "NOT_FOUND"),
            (409, "CONFLICT"),
            (410, "HTTP"),
            (422, "VALIDATION"),
            (429, "RATE_LIMITED"),
            (500, "SERVER"),
            (502, "SERVER"),
            (503, "SERVER"),
            (504, "SERVER"),
            (418, "HTTP"),
            (302, "HTTP"),
        ];
        for (status, code) in table {
            assert_eq!(Code::from_status(status).as_str(), code, "status {status}");
        }
    }

    #[test]
    fn at_prefixes_once() {
        let e = Error::new(Code::Conflict, "409 Conflict").at("POST", "/rel/identity/create");
        let e = e.at("GET", "/other");
        assert_eq!(e.message, "[POST] /rel/identity/create: 409 Conflict");
        assert_eq!(e.path.as_deref(), Some("/rel/identity/create"));
    }

    #[test]
    fn field_errors_merge_and_check() {
        let mut l = FieldErrors::new();
        add_field_error(&mut l, "email", "required");
        add_field_error(&mut l, "email", "required");
        add_field_error(&mut l, "email", "invalid");
        add_field_error(&mut l, "password", "required");
        assert_eq!(l.len(), 2);
        let e = check_fields("credentials", l).unwrap_err();
        assert_eq!(e.code, Code::InvalidInput);
        assert!(!e.retryable);
        assert_eq!(
            e.message,
            "invalid credentials: email required/invalid, password required"
        );
        assert!(check_fields("x", Vec::new()).is_ok());
    }
}
