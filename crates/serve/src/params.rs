//! Query parameters, checked against the same table the OpenAPI document
//! is written from: an API endpoint refuses a parameter it does not
//! document (400), and every documented one is parsed and validated here,
//! once, so handlers read typed values. An empty value (`from=`, as an
//! HTML form sends an empty field) counts as absent.

use axum::extract::{FromRequestParts, Path, Query};
use axum::http::Uri;
use axum::http::request::Parts;
use dossier_model::PartialDate;
use dossier_resolve::ledger::Policy;

use crate::error::ApiError;

/// What values a parameter takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Any text.
    Text,
    /// A whole number in `min..=max`.
    Integer { min: u64, max: u64 },
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    Date,
    /// One of these words.
    Enum(&'static [&'static str]),
    /// `START-END`, byte offsets.
    Span,
}

/// One documented parameter.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ParamDoc {
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
    pub description: &'static str,
    /// A value the parameter accepts (the OpenAPI example; the tests send it).
    pub example: &'static str,
}

impl ParamDoc {
    pub const fn new(name: &'static str, kind: Kind, description: &'static str, example: &'static str) -> ParamDoc {
        ParamDoc { name, kind, required: false, description, example }
    }

    pub const fn required(self) -> ParamDoc {
        ParamDoc { required: true, ..self }
    }
}

pub(crate) const POLICIES: &[&str] = &["conservative", "recent", "median"];

/// `?policy=`.
pub(crate) const POLICY: ParamDoc = ParamDoc::new(
    "policy",
    Kind::Enum(POLICIES),
    "How the displayed figure is chosen where sources disagree: `median` (default), `conservative` (lowest) or `recent` (most recently dated statement).",
    "median",
);
/// `?from=`.
pub(crate) const FROM: ParamDoc = ParamDoc::new(
    "from",
    Kind::Date,
    "Events that may have happened on or after this date (`2023`, `2023-07`, `2023-07-30`).",
    "2016",
);
/// `?to=`.
pub(crate) const TO: ParamDoc =
    ParamDoc::new("to", Kind::Date, "Events that may have happened on or before this date.", "2026-04-21");

/// Validated query parameters.
#[derive(Debug, Clone, Default)]
pub(crate) struct Params {
    values: Vec<(&'static str, String)>,
}

impl Params {
    /// Parses and checks `uri`'s query against `docs`. `strict` refuses
    /// parameters that `docs` does not name (the API); pages ignore them.
    pub fn parse(uri: &Uri, docs: &[ParamDoc], strict: bool) -> Result<Params, ApiError> {
        let Query(pairs) = Query::<Vec<(String, String)>>::try_from_uri(uri)
            .map_err(|e| ApiError::bad_request(format!("bad query string: {}", e.body_text())))?;
        let mut values: Vec<(&'static str, String)> = Vec::new();
        for (name, value) in pairs {
            let Some(doc) = docs.iter().find(|d| d.name == name) else {
                if strict {
                    let names: Vec<&str> = docs.iter().map(|d| d.name).collect();
                    let takes = if names.is_empty() { "none".to_string() } else { names.join(", ") };
                    return Err(ApiError::bad_request(format!(
                        "unknown parameter {name:?}; this endpoint takes: {takes}"
                    )));
                }
                continue;
            };
            if values.iter().any(|(n, _)| *n == doc.name) {
                return Err(ApiError::bad_request(format!("parameter {name:?} is given twice")));
            }
            let value = value.trim().to_string();
            if value.is_empty() {
                continue;
            }
            check(doc, &value)?;
            values.push((doc.name, value));
        }
        if let Some(missing) = docs.iter().find(|d| d.required && !values.iter().any(|(n, _)| *n == d.name)) {
            return Err(ApiError::bad_request(format!("missing parameter {:?}", missing.name)));
        }
        Ok(Params { values })
    }

    /// The value of `name`, if given (and not empty).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }

    pub fn string(&self, name: &str) -> Option<String> {
        self.get(name).map(str::to_string)
    }

    /// An integer parameter (already range-checked).
    pub fn u64(&self, name: &str) -> Option<u64> {
        self.get(name).and_then(|v| v.parse().ok())
    }

    /// `?policy=`, `median` when absent.
    pub fn policy(&self) -> Policy {
        self.get("policy").and_then(Policy::parse).unwrap_or_default()
    }

    /// A date parameter as its first possible day (`2023` → `2023-01-01`).
    pub fn day_first(&self, name: &str) -> Option<String> {
        self.get(name).and_then(PartialDate::parse_iso).map(|d| day_bounds(d).0)
    }

    /// A date parameter as its last possible day (`2023-02` → `2023-02-28`).
    pub fn day_last(&self, name: &str) -> Option<String> {
        self.get(name).and_then(PartialDate::parse_iso).map(|d| day_bounds(d).1)
    }

    /// A span parameter.
    pub fn span(&self, name: &str) -> Option<(usize, usize)> {
        self.get(name).and_then(parse_span)
    }
}

fn check(doc: &ParamDoc, value: &str) -> Result<(), ApiError> {
    let name = doc.name;
    match doc.kind {
        Kind::Text => Ok(()),
        Kind::Integer { min, max } => match value.parse::<u64>() {
            Ok(n) if (min..=max).contains(&n) => Ok(()),
            Ok(_) => Err(ApiError::bad_request(format!("{name}={value} is out of range ({min} to {max})"))),
            Err(_) => Err(ApiError::bad_request(format!("{name}={value:?} is not a whole number"))),
        },
        Kind::Date => match PartialDate::parse_iso(value) {
            Some(_) => Ok(()),
            None => Err(ApiError::bad_request(format!("{name}={value:?} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"))),
        },
        Kind::Enum(words) if words.contains(&value) => Ok(()),
        Kind::Enum(words) => Err(ApiError::bad_request(format!("unknown {name} {value:?}; use {}", words.join(", ")))),
        Kind::Span => match parse_span(value) {
            Some(_) => Ok(()),
            None => Err(ApiError::bad_request(format!("{name}={value:?} is not a span (START-END, byte offsets)"))),
        },
    }
}

/// `12-40` (or `s-12-40`, the fragment's form) as `(12, 40)`.
pub(crate) fn parse_span(s: &str) -> Option<(usize, usize)> {
    let s = s.strip_prefix("s-").unwrap_or(s);
    let (a, b) = s.split_once('-')?;
    let (a, b) = (a.parse().ok()?, b.parse().ok()?);
    (a <= b).then_some((a, b))
}

/// The first and last day a date at any precision may mean.
pub(crate) fn day_bounds(d: PartialDate) -> (String, String) {
    let y = d.year;
    match (d.month, d.day) {
        (Some(m), Some(day)) => (format!("{y:04}-{m:02}-{day:02}"), format!("{y:04}-{m:02}-{day:02}")),
        (Some(m), None) => {
            let last = (28..=31).rev().find(|&x| PartialDate::day(y, m, x).is_some()).unwrap_or(28);
            (format!("{y:04}-{m:02}-01"), format!("{y:04}-{m:02}-{last:02}"))
        }
        _ => (format!("{y:04}-01-01"), format!("{y:04}-12-31")),
    }
}

/// One path segment (`{key}`, `{id}`), with a JSON 400 when it cannot be
/// decoded rather than axum's plain-text one.
pub(crate) struct Segment(pub String);

impl<S: Send + Sync> FromRequestParts<S> for Segment {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Path::<String>::from_request_parts(parts, state).await {
            Ok(Path(s)) => Ok(Segment(s)),
            Err(e) => Err(ApiError::bad_request(e.body_text())),
        }
    }
}

impl Segment {
    /// The segment as an event id.
    pub fn event_id(&self) -> Result<i64, ApiError> {
        self.0
            .parse::<i64>()
            .ok()
            .filter(|&n| n >= 0)
            .ok_or_else(|| ApiError::bad_request(format!("{:?} is not an event id (a whole number)", self.0)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOCS: &[ParamDoc] = &[
        POLICY,
        FROM,
        ParamDoc::new("n", Kind::Integer { min: 1, max: 10 }, "", "1"),
        ParamDoc::new("q", Kind::Text, "", "x").required(),
    ];

    fn parse(q: &str, strict: bool) -> Result<Params, ApiError> {
        Params::parse(&format!("/x?{q}").parse().unwrap(), DOCS, strict)
    }

    #[test]
    fn validates_each_kind() {
        let p = parse("q=a%20b&policy=recent&from=2023-02&n=3", true).unwrap();
        assert_eq!(p.get("q"), Some("a b"));
        assert_eq!(p.policy(), Policy::Recent);
        assert_eq!(p.day_first("from").as_deref(), Some("2023-02-01"));
        assert_eq!(p.day_last("from").as_deref(), Some("2023-02-28"));
        assert_eq!(p.u64("n"), Some(3));
        for bad in
            ["q=a&policy=best", "q=a&from=2023-13", "q=a&n=0", "q=a&n=x", "q=a&zzz=1", "policy=median", "q=a&q=b"]
        {
            assert_eq!(parse(bad, true).unwrap_err().status, 400, "{bad}");
        }
        // Pages ignore what they do not know; empty fields are absent.
        let p = parse("q=a&zzz=1&from=&policy=", false).unwrap();
        assert_eq!(p.get("from"), None);
        assert_eq!(p.policy(), Policy::Median);
    }

    #[test]
    fn spans() {
        assert_eq!(parse_span("s-3-9"), Some((3, 9)));
        assert_eq!(parse_span("3-9"), Some((3, 9)));
        assert_eq!(parse_span("9-3"), None);
        assert_eq!(parse_span("a-b"), None);
    }
}
