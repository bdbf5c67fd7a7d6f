//! A JSON value as Python's `json.load` sees it, with Python's semantics.
//!
//! The reference scorer compares and hashes raw JSON values (`1 == 1.0 ==
//! True`), tests their truthiness, formats them with `str()`/`repr()` before
//! folding, and keys facts on `json.dumps(v, sort_keys=True)`. Reproducing
//! those rules in one type keeps the scoring code a line-for-line mirror of
//! `score.py`.

use std::fmt::Write as _;
use std::hash::{Hash, Hasher};

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// A Python object built from JSON (plus tuples, which the scorer builds).
#[derive(Debug, Clone)]
pub(crate) enum Py {
    None,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    List(Vec<Py>),
    /// Insertion order, as a Python dict keeps it (it shows in `repr`).
    Dict(Vec<(String, Py)>),
    Tuple(Vec<Py>),
}

static NONE: Py = Py::None;

/// A number under Python's cross-type equality (`True == 1 == 1.0`).
#[derive(PartialEq)]
enum Num {
    Int(i128),
    Float(f64),
}

/// The float as an exact integer, when it is one (Python compares int and
/// float exactly, and hashes an integral float like the int).
fn integral(f: f64) -> Option<i128> {
    const LIMIT: f64 = 170_141_183_460_469_231_731_687_303_715_884_105_728.0; // 2^127
    (f.is_finite() && f.fract() == 0.0 && (-LIMIT..LIMIT).contains(&f)).then_some(f as i128)
}

impl Py {
    /// `d.get(key)`: `None` when missing. A non-dict also gives `None`, where
    /// Python would raise (see the crate docs on malformed input).
    pub(crate) fn get(&self, key: &str) -> &Py {
        match self {
            Py::Dict(items) => items.iter().find(|(k, _)| k == key).map_or(&NONE, |(_, v)| v),
            _ => &NONE,
        }
    }

    pub(crate) fn is_none(&self) -> bool {
        matches!(self, Py::None)
    }

    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Py::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Python truthiness (`if x:`).
    pub(crate) fn truthy(&self) -> bool {
        match self {
            Py::None => false,
            Py::Bool(b) => *b,
            Py::Int(i) => *i != 0,
            Py::Float(f) => *f != 0.0,
            Py::Str(s) => !s.is_empty(),
            Py::List(v) | Py::Tuple(v) => !v.is_empty(),
            Py::Dict(v) => !v.is_empty(),
        }
    }

    /// `isinstance(x, int)`, which is true for booleans too.
    pub(crate) fn as_int(&self) -> Option<i128> {
        match self {
            Py::Int(i) => Some(*i),
            Py::Bool(b) => Some(i128::from(*b)),
            _ => None,
        }
    }

    fn num(&self) -> Option<Num> {
        match self {
            Py::Bool(b) => Some(Num::Int(i128::from(*b))),
            Py::Int(i) => Some(Num::Int(*i)),
            Py::Float(f) => Some(integral(*f).map_or(Num::Float(*f), Num::Int)),
            _ => None,
        }
    }

    /// `list(x or [])`: the items Python would iterate. A string gives its
    /// characters and a dict its keys, as in Python; other values (which
    /// would raise in Python) give nothing.
    pub(crate) fn list_items(&self) -> Vec<Py> {
        match self {
            Py::List(v) | Py::Tuple(v) => v.clone(),
            Py::Str(s) => s.chars().map(|c| Py::Str(c.to_string())).collect(),
            Py::Dict(v) => v.iter().map(|(k, _)| Py::Str(k.clone())).collect(),
            _ => Vec::new(),
        }
    }

    /// Items of a list the scorer iterates (`gold.get("events", [])`); a
    /// non-list, on which Python would fail, counts as empty.
    pub(crate) fn items(&self) -> &[Py] {
        match self {
            Py::List(v) => v,
            _ => &[],
        }
    }

    /// `str(x)`.
    pub(crate) fn py_str(&self) -> String {
        match self {
            Py::Str(s) => s.clone(),
            other => other.repr(),
        }
    }

    /// `repr(x)`.
    pub(crate) fn repr(&self) -> String {
        let mut out = String::new();
        self.write_repr(&mut out);
        out
    }

    fn write_repr(&self, out: &mut String) {
        match self {
            Py::None => out.push_str("None"),
            Py::Bool(true) => out.push_str("True"),
            Py::Bool(false) => out.push_str("False"),
            Py::Int(i) => {
                let _ = write!(out, "{i}");
            }
            Py::Float(f) => out.push_str(&float_repr(*f)),
            Py::Str(s) => out.push_str(&str_repr(s)),
            Py::List(v) => {
                out.push('[');
                write_seq(out, v);
                out.push(']');
            }
            Py::Tuple(v) => {
                out.push('(');
                write_seq(out, v);
                if v.len() == 1 {
                    out.push(',');
                }
                out.push(')');
            }
            Py::Dict(v) => {
                out.push('{');
                for (i, (k, val)) in v.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(&str_repr(k));
                    out.push_str(": ");
                    val.write_repr(out);
                }
                out.push('}');
            }
        }
    }

    /// `json.dumps(x, sort_keys=True)` with its defaults (ASCII escapes,
    /// `", "` and `": "` separators).
    pub(crate) fn json_dumps_sorted(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }

    fn write_json(&self, out: &mut String) {
        match self {
            Py::None => out.push_str("null"),
            Py::Bool(true) => out.push_str("true"),
            Py::Bool(false) => out.push_str("false"),
            Py::Int(i) => {
                let _ = write!(out, "{i}");
            }
            Py::Float(f) => out.push_str(&float_repr(*f)),
            Py::Str(s) => json_str(out, s),
            Py::List(v) | Py::Tuple(v) => {
                out.push('[');
                for (i, x) in v.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    x.write_json(out);
                }
                out.push(']');
            }
            Py::Dict(v) => {
                let mut sorted: Vec<&(String, Py)> = v.iter().collect();
                sorted.sort_by(|a, b| a.0.cmp(&b.0));
                out.push('{');
                for (i, (k, x)) in sorted.into_iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    json_str(out, k);
                    out.push_str(": ");
                    x.write_json(out);
                }
                out.push('}');
            }
        }
    }
}

fn write_seq(out: &mut String, v: &[Py]) {
    for (i, x) in v.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        x.write_repr(out);
    }
}

/// Python `==`.
impl PartialEq for Py {
    fn eq(&self, other: &Py) -> bool {
        if let (Some(a), Some(b)) = (self.num(), other.num()) {
            return a == b;
        }
        match (self, other) {
            (Py::None, Py::None) => true,
            (Py::Str(a), Py::Str(b)) => a == b,
            (Py::List(a), Py::List(b)) | (Py::Tuple(a), Py::Tuple(b)) => a == b,
            (Py::Dict(a), Py::Dict(b)) => {
                a.len() == b.len() && a.iter().all(|(k, v)| b.iter().any(|(k2, v2)| k == k2 && v == v2))
            }
            _ => false,
        }
    }
}

impl Eq for Py {}

/// Consistent with Python `==`: equal numbers hash alike across int, float
/// and bool. Lists and dicts are unhashable in Python (the scorer would
/// raise); here they hash by kind only, which keeps `Hash` and `Eq` agreeing.
impl Hash for Py {
    fn hash<H: Hasher>(&self, state: &mut H) {
        if let Some(n) = self.num() {
            match n {
                Num::Int(i) => (0u8, i).hash(state),
                Num::Float(f) => (1u8, f.to_bits()).hash(state),
            }
            return;
        }
        match self {
            Py::Str(s) => (2u8, s).hash(state),
            Py::Tuple(v) => {
                3u8.hash(state);
                v.hash(state);
            }
            Py::List(_) => 4u8.hash(state),
            Py::Dict(_) => 5u8.hash(state),
            _ => 6u8.hash(state),
        }
    }
}

/// `repr(float)`: the shortest round-trip digits, in fixed notation when the
/// decimal exponent is in `-4 <= e < 16`, else `1e+16` style.
pub(crate) fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    // Rust's `{:e}` gives the same shortest round-trip digits as Python.
    let sci = format!("{:e}", f.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let sign = if f.is_sign_negative() { "-" } else { "" };
    let decpt = exp + 1; // digits are 0.d1d2... × 10^decpt
    let body = if (-3..=16).contains(&decpt) {
        let n = digits.len() as i32;
        if decpt <= 0 {
            format!("0.{}{}", "0".repeat((-decpt) as usize), digits)
        } else if decpt >= n {
            format!("{}{}.0", digits, "0".repeat((decpt - n) as usize))
        } else {
            let (a, b) = digits.split_at(decpt as usize);
            format!("{a}.{b}")
        }
    } else {
        let (first, rest) = digits.split_at(1);
        let mant = if rest.is_empty() { first.to_string() } else { format!("{first}.{rest}") };
        let e = decpt - 1;
        format!("{mant}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs())
    };
    format!("{sign}{body}")
}

/// Characters `str.isprintable()` rejects, for `repr` (Unicode 14, as in
/// Python 3.11; unassigned code points are not listed and print as-is).
const NON_PRINTABLE: &[(char, char)] = &[
    ('\u{0}', '\u{1f}'),
    ('\u{7f}', '\u{a0}'),
    ('\u{ad}', '\u{ad}'),
    ('\u{600}', '\u{605}'),
    ('\u{61c}', '\u{61c}'),
    ('\u{6dd}', '\u{6dd}'),
    ('\u{70f}', '\u{70f}'),
    ('\u{890}', '\u{891}'),
    ('\u{8e2}', '\u{8e2}'),
    ('\u{1680}', '\u{1680}'),
    ('\u{180e}', '\u{180e}'),
    ('\u{2000}', '\u{200f}'),
    ('\u{2028}', '\u{202f}'),
    ('\u{205f}', '\u{2064}'),
    ('\u{2066}', '\u{206f}'),
    ('\u{3000}', '\u{3000}'),
    ('\u{e000}', '\u{f8ff}'),
    ('\u{feff}', '\u{feff}'),
    ('\u{fff9}', '\u{fffb}'),
    ('\u{110bd}', '\u{110bd}'),
    ('\u{110cd}', '\u{110cd}'),
    ('\u{13430}', '\u{13438}'),
    ('\u{1bca0}', '\u{1bca3}'),
    ('\u{1d173}', '\u{1d17a}'),
    ('\u{e0001}', '\u{e0001}'),
    ('\u{e0020}', '\u{e007f}'),
    ('\u{f0000}', '\u{ffffd}'),
    ('\u{100000}', '\u{10fffd}'),
];

fn printable(c: char) -> bool {
    NON_PRINTABLE.binary_search_by(|&(lo, hi)| crate::fold::range_cmp(c, lo, hi)).is_err()
}

/// `repr(str)`: single quotes unless the text has `'` and no `"`.
pub(crate) fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') { '"' } else { '\'' };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if c.is_ascii() || printable(c) => out.push(c),
            c if (c as u32) <= 0xff => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if (c as u32) <= 0xffff => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => {
                let _ = write!(out, "\\U{:08x}", c as u32);
            }
        }
    }
    out.push(quote);
    out
}

/// A JSON string as `json.dumps` writes it with `ensure_ascii=True`.
fn json_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            ' '..='~' => out.push(c),
            c => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
        }
    }
    out.push('"');
}

/// `str.isspace()`: Unicode `White_Space` plus the ASCII separators
/// U+001C..U+001F, which Python also counts.
pub(crate) fn py_isspace(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

impl From<&serde_json::Value> for Py {
    /// serde_json's map is key-sorted, so dict order (only visible in
    /// verbose `repr`) is sorted here; files parsed with
    /// `serde_json::from_slice::<Py>` keep their order.
    fn from(v: &serde_json::Value) -> Py {
        use serde_json::Value;
        match v {
            Value::Null => Py::None,
            Value::Bool(b) => Py::Bool(*b),
            Value::Number(n) => {
                if let Some(i) = n.as_i64() {
                    Py::Int(i128::from(i))
                } else if let Some(u) = n.as_u64() {
                    Py::Int(i128::from(u))
                } else {
                    Py::Float(n.as_f64().unwrap_or(f64::NAN))
                }
            }
            Value::String(s) => Py::Str(s.clone()),
            Value::Array(a) => Py::List(a.iter().map(Py::from).collect()),
            Value::Object(m) => Py::Dict(m.iter().map(|(k, v)| (k.clone(), Py::from(v))).collect()),
        }
    }
}

/// Parses JSON straight into [`Py`], keeping key order and Python's rule for
/// duplicate keys (the last value wins, at the first key's position).
impl<'de> Deserialize<'de> for Py {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Py, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Py;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_unit<E>(self) -> Result<Py, E> {
                Ok(Py::None)
            }
            fn visit_none<E>(self) -> Result<Py, E> {
                Ok(Py::None)
            }
            fn visit_bool<E>(self, b: bool) -> Result<Py, E> {
                Ok(Py::Bool(b))
            }
            fn visit_i64<E>(self, i: i64) -> Result<Py, E> {
                Ok(Py::Int(i128::from(i)))
            }
            fn visit_u64<E>(self, u: u64) -> Result<Py, E> {
                Ok(Py::Int(i128::from(u)))
            }
            fn visit_f64<E>(self, f: f64) -> Result<Py, E> {
                Ok(Py::Float(f))
            }
            fn visit_str<E>(self, s: &str) -> Result<Py, E> {
                Ok(Py::Str(s.to_owned()))
            }
            fn visit_string<E>(self, s: String) -> Result<Py, E> {
                Ok(Py::Str(s))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Py, A::Error> {
                let mut v = Vec::new();
                while let Some(x) = seq.next_element()? {
                    v.push(x);
                }
                Ok(Py::List(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Py, A::Error> {
                let mut v: Vec<(String, Py)> = Vec::new();
                while let Some((k, x)) = map.next_entry::<String, Py>()? {
                    match v.iter_mut().find(|(k2, _)| *k2 == k) {
                        Some(slot) => slot.1 = x,
                        None => v.push((k, x)),
                    }
                }
                Ok(Py::Dict(v))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_repr_matches_python() {
        for (f, s) in [
            (1.0, "1.0"),
            (0.5, "0.5"),
            (-0.0, "-0.0"),
            (100.0, "100.0"),
            (1e16, "1e+16"),
            (1.5e16, "1.5e+16"),
            (1e15, "1000000000000000.0"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.2345e-7, "1.2345e-07"),
            (123.456, "123.456"),
            (0.1, "0.1"),
        ] {
            assert_eq!(float_repr(f), s, "{f}");
        }
    }

    #[test]
    fn str_repr_matches_python() {
        assert_eq!(str_repr("abc"), "'abc'");
        assert_eq!(str_repr("it's"), "\"it's\"");
        assert_eq!(str_repr("it's \"x\""), "'it\\'s \"x\"'");
        assert_eq!(str_repr("a\u{a0}b\u{2013}c\n"), "'a\\xa0b\u{2013}c\\n'");
        assert_eq!(str_repr("\u{200b}\u{e0001}"), "'\\u200b\\U000e0001'");
    }

    #[test]
    fn python_equality_and_hash() {
        use std::collections::HashSet;
        let set: HashSet<Py> = [Py::Int(1), Py::Float(1.0), Py::Bool(true), Py::Float(1.5)].into_iter().collect();
        assert_eq!(set.len(), 2);
        assert_ne!(Py::Str("1".into()), Py::Int(1));
        assert_eq!(Py::Tuple(vec![Py::Int(4000), Py::None]), Py::Tuple(vec![Py::Float(4000.0), Py::None]));
    }

    #[test]
    fn json_dumps_sorts_and_escapes() {
        let v: Py = serde_json::from_str(r#"{"b": [1, 2.0, null], "a": "é\"", "c": true}"#).unwrap();
        assert_eq!(v.json_dumps_sorted(), r#"{"a": "\u00e9\"", "b": [1, 2.0, null], "c": true}"#);
        assert_eq!(v.repr(), r#"{'b': [1, 2.0, None], 'a': 'é"', 'c': True}"#);
    }

    #[test]
    fn duplicate_keys_keep_first_position_last_value() {
        let v: Py = serde_json::from_str(r#"{"a": 1, "b": 2, "a": 3}"#).unwrap();
        assert_eq!(v.repr(), "{'a': 3, 'b': 2}");
    }
}
