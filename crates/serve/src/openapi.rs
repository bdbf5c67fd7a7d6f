//! The API's route table and the OpenAPI 3.1 document written from it.
//!
//! [`OPS`] lists every endpoint with its parameters; handlers validate
//! their query strings against the same entries ([`query`]), so what the
//! document says an endpoint accepts is what it accepts. The response
//! schemas are written by hand after the wire types (`docs/json.md`); the
//! tests compare them with real responses.

use serde_json::{Map, Value, json};

use crate::params::{FROM, Kind, POLICY, ParamDoc, TO};

/// One endpoint.
#[derive(Debug)]
pub(crate) struct Op {
    /// `get` or `post`.
    pub method: &'static str,
    /// The path, `{name}` for a path parameter (axum's syntax too).
    pub path: &'static str,
    /// The operation id.
    pub id: &'static str,
    pub summary: &'static str,
    pub description: &'static str,
    pub path_params: &'static [ParamDoc],
    pub query: &'static [ParamDoc],
    /// The success status.
    pub ok: u16,
    /// Media type and schema (a component name, or `string`).
    pub content: &'static [(&'static str, &'static str)],
    /// Error statuses it may answer.
    pub errors: &'static [u16],
    /// Exists only when a write token is configured.
    pub write: bool,
}

const KEY: ParamDoc =
    ParamDoc::new("key", Kind::Text, "An actor's key, name or any alias (`iskp`, `ISIS-K`), case-insensitive.", "iskp");
const EVENT_ID: ParamDoc =
    ParamDoc::new("id", Kind::Integer { min: 0, max: i64::MAX as u64 }, "Event id (that of its first report).", "6");
const SOURCE_ID: ParamDoc = ParamDoc::new(
    "id",
    Kind::Text,
    "The source's full hex id, a unique hex prefix of at least 4 characters, its stored path, or its file name.",
    "3a74f2aa",
);
const ACTOR_FILTER: ParamDoc =
    ParamDoc::new("actor", Kind::Text, "Perpetrator: an actor's key, name or alias.", "iskp");

pub(crate) const ACTORS_Q: &[ParamDoc] = &[ParamDoc::new(
    "q",
    Kind::Text,
    "Only actors whose key, name or an alias contains this, case-insensitive.",
    "ISIS-K",
)];
pub(crate) const PROFILE_Q: &[ParamDoc] = &[POLICY];
pub(crate) const TIMELINE_Q: &[ParamDoc] = &[
    ParamDoc::new("by", Kind::Enum(&["month", "year"]), "Bucket width, `month` (default) or `year`.", "year"),
    POLICY,
    FROM,
    TO,
];
pub(crate) const EVENTS_Q: &[ParamDoc] = &[
    ACTOR_FILTER,
    ParamDoc::new("country", Kind::Text, "Country, ISO 3166-1 alpha-2 (`PK`), case-insensitive.", "PK"),
    ParamDoc::new(
        "admin1",
        Kind::Text,
        "Province: name or ISO 3166-2 code (`Khyber Pakhtunkhwa`, `PK-KP`), case-insensitive.",
        "PK-KP",
    ),
    FROM,
    TO,
    ParamDoc::new(
        "min_fatalities",
        Kind::Integer { min: 0, max: i64::MAX as u64 },
        "Only events whose toll under the policy is at least this.",
        "1",
    ),
    POLICY,
    ParamDoc::new(
        "format",
        Kind::Enum(&["json", "geojson", "csv"]),
        "`json` (default): an array of events; `geojson`: a FeatureCollection whose geometry is a point only when the place is a town; `csv`.",
        "geojson",
    ),
    ParamDoc::new("limit", Kind::Integer { min: 1, max: 1_000_000 }, "At most this many events, by date.", "100"),
];
pub(crate) const CONFLICTS_Q: &[ParamDoc] = &[
    ParamDoc::new("actor", Kind::Text, "One actor's conflicts (key, name or alias); all actors' when absent.", "iskp"),
    POLICY,
];
pub(crate) const SEARCH_Q: &[ParamDoc] = &[
    ParamDoc::new(
        "q",
        Kind::Text,
        "Words that must all occur (each matched as a word); `\"a phrase\"` in double quotes matches as a phrase.",
        "fighters",
    )
    .required(),
    ParamDoc::new("limit", Kind::Integer { min: 1, max: 1000 }, "At most this many hits (default 20).", "10"),
];
pub(crate) const UPLOAD_Q: &[ParamDoc] = &[ParamDoc::new(
    "name",
    Kind::Text,
    "The document's file name. Only its extension (`.txt`, `.md`, `.html`, `.pdf`) is used, to pick the reader, and the sanitized name is stored as the display path `upload/NAME`; nothing is written to disk.",
    "report.md",
)
.required()];

const NOT_FOUND_BAD: &[u16] = &[400, 404];

/// Every API endpoint.
pub(crate) const OPS: &[Op] = &[
    Op {
        method: "get",
        path: "/api/openapi.json",
        id: "openapi",
        summary: "This document",
        description: "The OpenAPI 3.1 description of the API. The write endpoint appears only when the server has a token.",
        path_params: &[],
        query: &[],
        ok: 200,
        content: &[("application/json", "object")],
        errors: &[],
        write: false,
    },
    Op {
        method: "get",
        path: "/api/actors",
        id: "listActors",
        summary: "Actors across all sources",
        description: "Every actor with its aliases and how many sources name each, most sources first (`dossier actors --json`).",
        path_params: &[],
        query: ACTORS_Q,
        ok: 200,
        content: &[("application/json", "ActorList")],
        errors: &[400],
        write: false,
    },
    Op {
        method: "get",
        path: "/api/actors/{key}",
        id: "getProfile",
        summary: "An actor's profile",
        description: "Every field with every source's value, its evidence and citations, and the verdict (agreement, refinement, conflict) with the low, high and displayed figure (`dossier profile ACTOR --json`).",
        path_params: &[KEY],
        query: PROFILE_Q,
        ok: 200,
        content: &[("application/json", "Profile")],
        errors: NOT_FOUND_BAD,
        write: false,
    },
    Op {
        method: "get",
        path: "/api/actors/{key}/timeline",
        id: "getTimeline",
        summary: "An actor's incidents over time",
        description: "Events the actor is the perpetrator of, per month or year, with their tolls under the policy (`dossier timeline ACTOR --json`). With `from`/`to`, only events that may fall in that range, and the buckets span it.",
        path_params: &[KEY],
        query: TIMELINE_Q,
        ok: 200,
        content: &[("application/json", "Timeline")],
        errors: NOT_FOUND_BAD,
        write: false,
    },
    Op {
        method: "get",
        path: "/api/events",
        id: "listEvents",
        summary: "Incidents merged across sources",
        description: "Events matching every filter given, by date (`dossier events --format …`).",
        path_params: &[],
        query: EVENTS_Q,
        ok: 200,
        content: &[
            ("application/json", "EventList"),
            ("application/geo+json", "EventFeatureCollection"),
            ("text/csv", "string"),
        ],
        errors: NOT_FOUND_BAD,
        write: false,
    },
    Op {
        method: "get",
        path: "/api/events/{id}",
        id: "getEvent",
        summary: "One event with its reports and merge links",
        description: "The event's fields, every report with its evidence, and the rule and score of each merge (`dossier explain EVENT --json`).",
        path_params: &[EVENT_ID],
        query: &[],
        ok: 200,
        content: &[("application/json", "EventDetail")],
        errors: NOT_FOUND_BAD,
        write: false,
    },
    Op {
        method: "get",
        path: "/api/conflicts",
        id: "listConflicts",
        summary: "Where sources disagree",
        description: "Conflicting fields of one actor or of all actors, and conflicting tolls of their events (`dossier conflicts --json`).",
        path_params: &[],
        query: CONFLICTS_Q,
        ok: 200,
        content: &[("application/json", "ConflictList")],
        errors: NOT_FOUND_BAD,
        write: false,
    },
    Op {
        method: "get",
        path: "/api/search",
        id: "search",
        summary: "Full-text search over passages",
        description: "Passages best first (BM25), each with its source and the notes it cites (`dossier search QUERY --json`).",
        path_params: &[],
        query: SEARCH_Q,
        ok: 200,
        content: &[("application/json", "HitList")],
        errors: &[400],
        write: false,
    },
    Op {
        method: "get",
        path: "/api/sources",
        id: "listSources",
        summary: "The stored sources",
        description: "Every source with its counts, by path (`dossier sources --json`).",
        path_params: &[],
        query: &[],
        ok: 200,
        content: &[("application/json", "SourceList")],
        errors: &[],
        write: false,
    },
    Op {
        method: "post",
        path: "/api/sources",
        id: "uploadSource",
        summary: "Upload a document to ingest",
        description: "The request body is the document's bytes. It is read, segmented, extracted and stored in one transaction, then the knowledge base is rebuilt. Requires `Authorization: Bearer TOKEN`; the body is bounded (413 beyond). 201 when added, 200 when the same bytes were already stored.",
        path_params: &[],
        query: UPLOAD_Q,
        ok: 201,
        content: &[("application/json", "UploadResult")],
        errors: &[400, 401, 413],
        write: true,
    },
    Op {
        method: "get",
        path: "/api/sources/{id}",
        id: "getSource",
        summary: "One source in full",
        description: "Its metadata, canonical text, passages and notes with parsed references (`dossier show SOURCE --json`), plus `cited`: every span of it the knowledge base cites (claims and incident reports).",
        path_params: &[SOURCE_ID],
        query: &[],
        ok: 200,
        content: &[("application/json", "SourceDetail")],
        errors: NOT_FOUND_BAD,
        write: false,
    },
];

/// The query parameters of the operation `id`.
pub(crate) fn query(id: &str) -> &'static [ParamDoc] {
    OPS.iter().find(|o| o.id == id).map(|o| o.query).unwrap_or(&[])
}

fn param(p: &ParamDoc, location: &str) -> Value {
    let schema = match p.kind {
        Kind::Text => json!({"type": "string"}),
        Kind::Integer { min, max } => json!({"type": "integer", "minimum": min, "maximum": max}),
        Kind::Date => json!({"type": "string", "pattern": "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"}),
        Kind::Enum(words) => json!({"type": "string", "enum": words}),
        Kind::Span => json!({"type": "string", "pattern": "^[0-9]+-[0-9]+$"}),
    };
    json!({
        "name": p.name,
        "in": location,
        "required": p.required || location == "path",
        "description": p.description,
        "schema": schema,
        "example": p.example,
    })
}

fn status_text(code: u16) -> &'static str {
    match code {
        200 => "OK",
        201 => "Created: the document was stored",
        400 => "Bad parameter (unknown parameter, bad date, policy or number, unreadable document)",
        401 => "Missing or wrong bearer token",
        404 => "No such actor, event or source",
        413 => "Upload larger than the server accepts",
        _ => "Error",
    }
}

fn schema_ref(name: &str) -> Value {
    match name {
        "string" => json!({"type": "string"}),
        "object" => json!({"type": "object"}),
        n => json!({"$ref": format!("#/components/schemas/{n}")}),
    }
}

/// The document; `writes` says whether the write endpoint exists.
pub(crate) fn document(writes: bool) -> Value {
    let mut paths = Map::new();
    for op in OPS.iter().filter(|o| writes || !o.write) {
        let mut parameters: Vec<Value> = op.path_params.iter().map(|p| param(p, "path")).collect();
        parameters.extend(op.query.iter().map(|p| param(p, "query")));
        let content: Map<String, Value> = op
            .content
            .iter()
            .map(|(media, schema)| (media.to_string(), json!({"schema": schema_ref(schema)})))
            .collect();
        let mut responses = Map::new();
        responses.insert(op.ok.to_string(), json!({"description": status_text(op.ok), "content": content}));
        if op.write {
            responses.insert("200".into(), json!({"description": "The same bytes were already stored; nothing was written", "content": {"application/json": {"schema": schema_ref("UploadResult")}}}));
        }
        for code in op.errors {
            responses.insert(
                code.to_string(),
                json!({"description": status_text(*code), "content": {"application/json": {"schema": schema_ref("Error")}}}),
            );
        }
        let mut operation = json!({
            "operationId": op.id,
            "summary": op.summary,
            "description": op.description,
            "parameters": parameters,
            "responses": responses,
        });
        if op.write {
            operation["security"] = json!([{"bearer": []}]);
            operation["requestBody"] = json!({
                "required": true,
                "description": "The document's bytes.",
                "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
            });
        }
        let entry = paths.entry(op.path.to_string()).or_insert_with(|| json!({}));
        entry[op.method] = operation;
    }
    let mut doc = json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Dossier knowledge base API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Read-only access to a Dossier knowledge base: actors, profiles with every source's claim and its citations, merged incidents, conflicts, full-text search and sources. Dossier records what sources say; it endorses no group. Offsets are bytes into a source's canonical text; dates are ISO 8601 at the precision the source gives; absent values are null. Errors are `{\"error\": \"...\", \"status\": N}`.",
            "license": {"name": "MIT OR Apache-2.0", "identifier": "MIT OR Apache-2.0"},
        },
        "paths": paths,
        "components": {"schemas": schemas()},
    });
    if writes {
        doc["components"]["securitySchemes"] = json!({"bearer": {"type": "http", "scheme": "bearer"}});
    }
    doc
}

fn r(name: &str) -> Value {
    schema_ref(name)
}

fn nullable(v: Value) -> Value {
    json!({"anyOf": [v, {"type": "null"}]})
}

fn object(props: Value) -> Value {
    let required: Vec<String> = props.as_object().map(|m| m.keys().cloned().collect()).unwrap_or_default();
    json!({"type": "object", "required": required, "properties": props})
}

fn array(items: Value) -> Value {
    json!({"type": "array", "items": items})
}

/// The wire types of `docs/json.md`.
fn schemas() -> Value {
    let s = json!({"type": "string"});
    let ns = nullable(s.clone());
    let int = json!({"type": "integer"});
    let nint = nullable(int.clone());
    let b = json!({"type": "boolean"});
    let nnum = nullable(json!({"type": "number"}));
    let defs: Vec<(&str, Value)> = vec![
        ("Error", object(json!({"error": s, "status": int}))),
        ("AliasRow", object(json!({"alias": s, "sources": int}))),
        (
            "ActorRow",
            object(
                json!({"key": s, "name": s, "kind": s, "lexicon_id": ns, "sources": int, "aliases": array(r("AliasRow"))}),
            ),
        ),
        ("ActorList", array(r("ActorRow"))),
        ("ActorRef", object(json!({"key": s, "name": s, "kind": s}))),
        ("SourceRef", object(json!({"id": s, "title": s, "path": s, "publisher": ns, "date": ns}))),
        (
            "Reference",
            object(
                json!({"ordinal": int, "raw": s, "author": ns, "publisher": ns, "title": ns, "date": ns, "pages": ns, "address": ns}),
            ),
        ),
        ("Citation", object(json!({"label": s, "references": array(r("Reference"))}))),
        (
            "Evidence",
            object(
                json!({"source": r("SourceRef"), "start": int, "end": int, "quote": s, "passage": ns, "citations": array(r("Citation"))}),
            ),
        ),
        (
            "ClaimValue",
            json!({"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string", "enum": ["date", "range", "count", "actor", "place", "text"]}}, "description": "Tagged by `kind`: `date` {date}, `range` {min, max}, `count` {count}, `actor` {actor} (a source-local index: use the claim's `object`), `place` {place: PlaceClaim}, `text` {text}."}),
        ),
        (
            "Claim",
            object(
                json!({"id": int, "predicate": s, "value": r("ClaimValue"), "object": nullable(r("ActorRef")), "as_of": ns, "role": ns, "until": ns, "date": ns, "period": ns, "place": ns, "rule": s, "evidence": r("Evidence")}),
            ),
        ),
        ("ClaimEntry", object(json!({"stated": s, "less_precise": b, "claim": r("Claim")}))),
        (
            "Ledger",
            json!({"type": "object", "description": "A ledger of the dates sources give for a value: {values, verdict, low, high, best, policy, why}."}),
        ),
        (
            "FieldValue",
            object(
                json!({"value": s, "sources": int, "uncorroborated": b, "claims": array(r("ClaimEntry")), "dated": nullable(r("Ledger"))}),
            ),
        ),
        (
            "Field",
            object(
                json!({"predicate": s, "qualifier": ns, "verdict": {"type": "string", "enum": ["uncorroborated", "agreement", "refinement", "conflict", "several"]}, "low": ns, "high": ns, "best": ns, "why": s, "values": array(r("FieldValue"))}),
            ),
        ),
        (
            "Profile",
            object(
                json!({"actor": r("ActorRow"), "policy": {"type": "string", "enum": crate::params::POLICIES}, "fields": array(r("Field")), "events": int, "sources": array(r("SourceRef"))}),
            ),
        ),
        ("Bucket", object(json!({"period": s, "events": int, "fatalities": int}))),
        (
            "Timeline",
            object(
                json!({"actor": r("ActorRow"), "by": {"type": "string", "enum": ["month", "year"]}, "policy": s, "buckets": array(r("Bucket")), "vague": int, "undated": int}),
            ),
        ),
        (
            "Event",
            object(
                json!({"id": int, "date": ns, "country": ns, "admin1": ns, "admin1_name": ns, "admin2_name": ns, "place": ns, "place_kind": ns, "lat": nnum, "lon": nnum, "perpetrator": nullable(r("ActorRef")), "fatalities_low": nint, "fatalities_high": nint, "fatalities_median": nint, "fatalities_recent": nint, "claimed": b, "reports": int, "sources": int}),
            ),
        ),
        ("EventList", array(r("Event"))),
        (
            "EventFeatureCollection",
            json!({"type": "object", "required": ["type", "features"], "properties": {"type": {"const": "FeatureCollection"}, "features": array(json!({"type": "object", "required": ["type", "id", "geometry", "properties"], "properties": {"type": {"const": "Feature"}, "id": int, "geometry": {"description": "A Point when the place is a town, else null."}, "properties": {"description": "The event's fields plus `fatalities_best` and `policy`."}}}))}}),
        ),
        (
            "PlaceClaim",
            json!({"type": "object", "description": "{surface, span: {start, end}, place: the gazetteer's record or null}."}),
        ),
        (
            "Report",
            object(
                json!({"id": int, "date": ns, "place": nullable(r("PlaceClaim")), "perpetrator": nullable(r("ActorRef")), "target": ns, "fatalities_min": nint, "fatalities_max": nint, "fatalities_quote": ns, "claimed": b, "rule": s, "evidence": r("Evidence")}),
            ),
        ),
        ("Link", object(json!({"a": int, "b": int, "score": int, "rule": s}))),
        (
            "EventDetail",
            json!({"allOf": [r("Event"), object(json!({"report_list": array(r("Report")), "links": array(r("Link"))}))]}),
        ),
        (
            "ConflictSide",
            object(
                json!({"value": s, "sources": array(json!({"type": "array", "prefixItems": [r("SourceRef"), s], "minItems": 2, "maxItems": 2}))}),
            ),
        ),
        (
            "Conflict",
            object(
                json!({"actor": nullable(r("ActorRef")), "event": nint, "field": s, "low": ns, "high": ns, "best": ns, "why": s, "sides": array(r("ConflictSide"))}),
            ),
        ),
        ("ConflictList", array(r("Conflict"))),
        (
            "Hit",
            object(
                json!({"source_id": s, "source_title": s, "source_path": s, "passage": int, "kind": s, "start": int, "end": int, "original_start": int, "original_end": int, "text": s, "snippet": s, "rank": {"type": "number"}, "citations": array(r("Citation"))}),
            ),
        ),
        ("HitList", array(r("Hit"))),
        (
            "SourceSummary",
            object(
                json!({"id": s, "path": s, "title": s, "publisher": ns, "date": ns, "address": ns, "format": s, "bytes": int, "passages": int, "notes": int, "references": int}),
            ),
        ),
        ("SourceList", array(r("SourceSummary"))),
        (
            "Passage",
            object(
                json!({"ordinal": int, "kind": s, "paragraph": int, "start": int, "end": int, "original_start": int, "original_end": int, "text": s, "citations": array(s.clone())}),
            ),
        ),
        ("Note", object(json!({"label": s, "start": int, "end": int, "text": s, "references": array(r("Reference"))}))),
        (
            "CitedSpan",
            object(
                json!({"start": int, "end": int, "quote": s, "kind": {"type": "string", "enum": ["claim", "report"]}, "actor": nullable(r("ActorRef")), "predicate": ns, "value": ns, "claim": nint, "report": nint, "event": nint}),
            ),
        ),
        (
            "SourceDetail",
            object(
                json!({"id": s, "path": s, "title": s, "publisher": ns, "date": ns, "address": ns, "format": s, "bytes": int, "references": int, "ingested_at": s, "warnings": array(s.clone()), "text": s, "passages": array(r("Passage")), "notes": array(r("Note")), "cited": array(r("CitedSpan"))}),
            ),
        ),
        (
            "UploadResult",
            object(
                json!({"id": s, "path": s, "title": s, "outcome": {"type": "string", "enum": ["added", "unchanged"]}, "actors": int, "incidents": int, "claims": int, "knowledge_base": nullable(object(json!({"actors": int, "reports": int, "events": int})))}),
            ),
        ),
    ];
    Value::Object(defs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_ref_resolves_and_examples_validate() {
        let doc = document(true);
        let text = doc.to_string();
        let schemas = doc["components"]["schemas"].as_object().unwrap();
        for piece in text.split("#/components/schemas/").skip(1) {
            let name: String = piece.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
            assert!(schemas.contains_key(&name), "dangling $ref {name}");
        }
        for op in OPS {
            for p in op.query.iter().chain(op.path_params) {
                let uri: axum::http::Uri = format!("/x?{}={}", p.name, p.example).parse().unwrap();
                crate::params::Params::parse(&uri, std::slice::from_ref(p), true).unwrap();
            }
        }
    }
}
