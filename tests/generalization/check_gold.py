#!/usr/bin/env python3
"""Sanity checks for the held-out gold annotations in this directory.

usage: python3 check_gold.py [--dir DIR]   (DIR defaults to this file's directory)

For each gold/<stem>.json (schema: ../../gold/SCHEMA.md) it checks that
- the file names its document (`doc` == <stem>.txt) and docs/<doc> exists;
  the document is UTF-8 and 150-450 words long;
- every event and fact `quote` is an exact substring of the document;
- every actor canonical name and mention occurs verbatim in the document,
  and no surface form is listed under two actors;
- every event perpetrator, fact subject, and the object of an actor-valued
  predicate (split_from, part_of, ally, opponent, leader) is an actor
  canonical name or mention; a leader object is a `person` actor;
- place objects (active_in, headquarters) and event locations occur in
  the document as written;
- dates (event date, founded value, as_of, until, date) are valid ISO 8601
  at year, month or day precision; attack_count periods are ISO intervals
  ("2019/2022", "2019/..") or single dates;
- fatalities are null or {min, max, text} with integer min, max null or
  >= min; countries are ISO-2 upper case; claimed is a boolean;
- predicates are from the schema, value/object is keyed by predicate,
  `as_of` is always present and only the schema's optional keys appear.
Exits 1 when any check fails.
"""
import argparse
import datetime
import json
import os
import re
import sys

PREDICATES = {"founded", "size_estimate", "leader", "split_from", "part_of", "ally",
              "opponent", "ideology", "active_in", "headquarters", "attack_count"}
VALUE_PREDS = {"founded", "size_estimate", "ideology", "attack_count"}
ACTOR_OBJECT_PREDS = {"split_from", "part_of", "ally", "opponent", "leader"}
PLACE_OBJECT_PREDS = {"active_in", "headquarters"}
OPTIONAL = {"leader": {"role", "until"}, "split_from": {"date"}, "attack_count": {"period", "place"}}
FACT_BASE = {"subject", "predicate", "value", "object", "as_of", "quote"}
EVENT_KEYS = {"quote", "date", "location", "admin1", "country", "fatalities", "perpetrator",
              "target", "claimed"}
EVENT_OPTIONAL = {"attackers_killed"}
KINDS = {"armed_group", "state_actor", "political_party", "person"}


def iso_ok(s):
    """True when s is an ISO 8601 date at year, month or day precision."""
    if not isinstance(s, str):
        return False
    try:
        if re.fullmatch(r"\d{4}", s):
            return True
        if re.fullmatch(r"\d{4}-\d{2}", s):
            datetime.date(int(s[:4]), int(s[5:7]), 1)
            return True
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
            datetime.date.fromisoformat(s)
            return True
    except ValueError:
        return False
    return False


def period_ok(s):
    if iso_ok(s):
        return True
    if isinstance(s, str) and "/" in s:
        a, b = s.split("/", 1)
        return iso_ok(a) and (b == ".." or iso_ok(b))
    return False


def check(gold_path, docs_dir):
    errs = []
    stem = os.path.basename(gold_path)[:-5]
    g = json.load(open(gold_path, encoding="utf-8"))
    doc = g.get("doc")
    if doc != stem + ".txt":
        errs.append(f"doc field {doc!r} != {stem + '.txt'!r}")
    path = os.path.join(docs_dir, doc or "")
    if not os.path.isfile(path):
        return [f"document {path} missing"], {}
    text = open(path, encoding="utf-8").read()
    words = len(text.split())
    if not 150 <= words <= 450:
        errs.append(f"document has {words} words (want 150-450)")

    # actors
    names, persons, seen = set(), set(), {}
    for a in g.get("actors", []):
        c = a.get("canonical")
        ms = a.get("mentions") or []
        if a.get("kind") not in KINDS:
            errs.append(f"actor {c!r}: bad kind {a.get('kind')!r}")
        if c not in ms:
            errs.append(f"actor {c!r}: canonical not among its mentions")
        for m in [c] + ms:
            if m not in text:
                errs.append(f"actor {c!r}: mention {m!r} not in document")
            if m in seen and seen[m] != c:
                errs.append(f"mention {m!r} listed under both {seen[m]!r} and {c!r}")
            seen[m] = c
            names.add(m)
            if a.get("kind") == "person":
                persons.add(m)

    # events
    for i, e in enumerate(g.get("events", [])):
        tag = f"event {i} ({(e.get('quote') or '')[:40]!r})"
        missing = EVENT_KEYS - set(e)
        extra = set(e) - EVENT_KEYS - EVENT_OPTIONAL
        if missing:
            errs.append(f"{tag}: missing keys {sorted(missing)}")
        if extra:
            errs.append(f"{tag}: unexpected keys {sorted(extra)}")
        if not e.get("quote") or e["quote"] not in text:
            errs.append(f"{tag}: quote is not an exact substring of the document")
        if e.get("date") is not None and not iso_ok(e["date"]):
            errs.append(f"{tag}: bad date {e['date']!r}")
        if e.get("date") and e["date"][:4] not in text:
            errs.append(f"{tag}: year {e['date'][:4]} not stated in the document")
        if e.get("location") is not None and e["location"] not in text:
            errs.append(f"{tag}: location {e['location']!r} not in document as written")
        if e.get("country") is not None and not re.fullmatch(r"[A-Z]{2}", e["country"]):
            errs.append(f"{tag}: bad country {e['country']!r}")
        f = e.get("fatalities")
        if f is not None:
            mn, mx = f.get("min"), f.get("max")
            if not isinstance(mn, int) or (mx is not None and (not isinstance(mx, int) or mx < mn)):
                errs.append(f"{tag}: bad fatalities {f!r}")
            if not f.get("text"):
                errs.append(f"{tag}: fatalities without text")
        if "attackers_killed" in e and not isinstance(e["attackers_killed"], int):
            errs.append(f"{tag}: attackers_killed must be an integer")
        p = e.get("perpetrator")
        if p is not None and p not in names:
            errs.append(f"{tag}: perpetrator {p!r} is not an actor name")
        if not isinstance(e.get("claimed"), bool):
            errs.append(f"{tag}: claimed must be true/false")

    # facts
    for i, f in enumerate(g.get("facts", [])):
        pred = f.get("predicate")
        tag = f"fact {i} ({f.get('subject')!r} {pred} {f.get('object', f.get('value'))!r})"
        if pred not in PREDICATES:
            errs.append(f"{tag}: unknown predicate")
            continue
        allowed = FACT_BASE | OPTIONAL.get(pred, set())
        if set(f) - allowed:
            errs.append(f"{tag}: unexpected keys {sorted(set(f) - allowed)}")
        if "as_of" not in f:
            errs.append(f"{tag}: as_of missing")
        elif f["as_of"] is not None and not iso_ok(f["as_of"]):
            errs.append(f"{tag}: bad as_of {f['as_of']!r}")
        if not f.get("quote") or f["quote"] not in text:
            errs.append(f"{tag}: quote is not an exact substring of the document")
        if f.get("subject") not in names:
            errs.append(f"{tag}: subject is not an actor name")
        if pred in VALUE_PREDS:
            if "value" not in f or "object" in f:
                errs.append(f"{tag}: {pred} takes `value`, not `object`")
        elif "object" not in f or "value" in f:
            errs.append(f"{tag}: {pred} takes `object`, not `value`")
        v, o = f.get("value"), f.get("object")
        if pred == "founded" and not iso_ok(v):
            errs.append(f"{tag}: founded value must be an ISO date")
        if pred == "size_estimate":
            if not (isinstance(v, dict) and isinstance(v.get("min"), int)
                    and (v.get("max") is None or (isinstance(v["max"], int) and v["max"] >= v["min"]))):
                errs.append(f"{tag}: size_estimate value must be {{min, max}}")
        if pred == "attack_count":
            if not isinstance(v, int):
                errs.append(f"{tag}: attack_count value must be a number")
            if f.get("period") is not None and not period_ok(f["period"]):
                errs.append(f"{tag}: bad period {f['period']!r}")
            if f.get("place") is not None and f["place"] not in f["quote"]:
                errs.append(f"{tag}: place {f['place']!r} not named in the quote")
        if pred == "ideology" and not (isinstance(v, str) and v.strip()):
            errs.append(f"{tag}: ideology value must be text")
        if pred in ACTOR_OBJECT_PREDS and o not in names:
            errs.append(f"{tag}: object is not an actor name")
        if pred == "leader" and o not in persons:
            errs.append(f"{tag}: leader object is not a person actor")
        if pred in PLACE_OBJECT_PREDS and (not isinstance(o, str) or o not in text):
            errs.append(f"{tag}: place object not in document as written")
        for k in ("until", "date"):
            if f.get(k) is not None and not iso_ok(f[k]):
                errs.append(f"{tag}: bad {k} {f[k]!r}")
    counts = {"words": words, "actors": len(g.get("actors", [])),
              "events": len(g.get("events", [])), "facts": len(g.get("facts", []))}
    return errs, counts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", default=os.path.dirname(os.path.abspath(__file__)))
    a = ap.parse_args()
    gold_dir, docs_dir = os.path.join(a.dir, "gold"), os.path.join(a.dir, "docs")
    files = sorted(fn for fn in os.listdir(gold_dir) if fn.endswith(".json"))
    bad = 0
    total = {"actors": 0, "events": 0, "facts": 0}
    for fn in files:
        errs, counts = check(os.path.join(gold_dir, fn), docs_dir)
        status = "OK" if not errs else f"{len(errs)} problem(s)"
        print(f"{fn}: {status}  " + " ".join(f"{k}={v}" for k, v in counts.items()))
        for e in errs:
            print(f"  - {e}")
        bad += bool(errs)
        for k in total:
            total[k] += counts.get(k, 0)
    print(f"{len(files)} gold files, {bad} with problems; "
          + " ".join(f"{k}={v}" for k, v in total.items()))
    sys.exit(1 if bad or not files else 0)


if __name__ == "__main__":
    main()
