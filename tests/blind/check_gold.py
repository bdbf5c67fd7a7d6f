#!/usr/bin/env python3
"""Check the blind gold annotations against their documents and the schema.

usage: python3 tests/blind/check_gold.py [--docs DIR] [--gold DIR]

Checks, per gold file (schema: gold/SCHEMA.md, conventions: gold/NOTES.md):
  - the document exists, decodes as UTF-8 and has 150-400 words;
  - `doc` names the document with the same stem as the gold file;
  - every event and fact `quote` is an exact substring of the document;
  - every actor has a known `kind`, its canonical name is among its mentions,
    every mention occurs verbatim in the document, and no mention (folded the
    way the scorer folds names) belongs to two actors;
  - event `perpetrator` and fact `subject` resolve to an actor; objects of
    leader/split_from/part_of/ally/opponent resolve to an actor (leader to a
    person); place objects (active_in, headquarters) occur in the document;
  - predicates are from the schema and carry `value` or `object` as keyed in
    NOTES.md; `as_of` is always present;
  - dates (event date, founded value, split date, until, as_of) are valid
    ISO 8601 at year, month or day precision; attack_count periods are
    intervals of such dates ("2019/2022", "2019/..");
  - events: location occurs in the document, country is ISO 3166-1 alpha-2,
    fatalities have integer min <= max (or max null) and a `text`, `claimed`
    is a boolean.
Exit status 1 if any error is found. Warnings do not fail the check.
"""
import argparse
import datetime
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = {"armed_group", "state_actor", "political_party", "person"}
VALUE_PREDS = {"founded", "size_estimate", "ideology", "attack_count"}
OBJECT_PREDS = {"leader", "split_from", "part_of", "ally", "opponent", "active_in", "headquarters"}
ACTOR_OBJECT_PREDS = {"leader", "split_from", "part_of", "ally", "opponent"}
PLACE_PREDS = {"active_in", "headquarters"}
# ISO 3166-1 alpha-2 codes this set may use (extend when a document needs another)
COUNTRIES = {"NG", "NE", "TD", "CM", "ML", "BF", "SY", "IQ", "TR", "LB", "PK", "IN", "AF", "IR",
             "BJ", "TG", "MR", "DZ", "LY", "US", "FR", "RU", "TJ", "UZ"}


def fold(s):
    # the same folding the scorer applies to names (kept in sync by hand)
    import unicodedata
    s = unicodedata.normalize("NFKD", str(s))
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.lower().replace("–", "-").replace("—", "-").replace("’", "'")
    s = re.sub(r"\b(district|province|city|agency|the)\b", " ", s)
    s = re.sub(r"[^a-z0-9\u0600-\u06ff]+", " ", s)
    return " ".join(s.split())


def iso_ok(d):
    if not isinstance(d, str):
        return False
    for fmt, n in (("%Y", 4), ("%Y-%m", 7), ("%Y-%m-%d", 10)):
        if len(d) == n:
            try:
                datetime.datetime.strptime(d, fmt)
                return True
            except ValueError:
                return False
    return False


def period_ok(p):
    if iso_ok(p):
        return True
    if not isinstance(p, str) or p.count("/") != 1:
        return False
    a, b = p.split("/")
    return (iso_ok(a) or a == "..") and (iso_ok(b) or b == "..") and not (a == ".." and b == "..")


def check(doc_dir, gold_path):
    errs, warns = [], []
    gold = json.load(open(gold_path, encoding="utf-8"))
    stem = os.path.basename(gold_path)[:-5]
    doc = gold.get("doc")
    if doc != stem + ".txt":
        errs.append(f"doc field {doc!r} does not match gold file stem {stem!r}")
    path = os.path.join(doc_dir, doc or "")
    try:
        text = open(path, "rb").read().decode("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        return [f"cannot read document {path}: {e}"], [], {}
    words = len(text.split())
    if not 150 <= words <= 400:
        warns.append(f"document has {words} words (expected 150-400)")

    actors = gold.get("actors", [])
    canon = {}
    owner = {}
    for a in actors:
        c = a.get("canonical")
        ms = a.get("mentions") or []
        if not c:
            errs.append(f"actor without canonical: {a}")
            continue
        if c in canon:
            errs.append(f"duplicate actor canonical {c!r}")
        canon[c] = a
        if a.get("kind") not in KINDS:
            errs.append(f"actor {c!r}: bad kind {a.get('kind')!r}")
        if c not in ms:
            errs.append(f"actor {c!r}: canonical not among its mentions")
        if len(set(ms)) != len(ms):
            errs.append(f"actor {c!r}: repeated mention")
        for m in ms:
            if m not in text:
                errs.append(f"actor {c!r}: mention {m!r} not found verbatim in document")
            k = fold(m)
            if k in owner and owner[k] != c:
                errs.append(f"mention {m!r} belongs to both {owner[k]!r} and {c!r}")
            owner[k] = c

    def resolves(name):
        return name is not None and fold(name) in owner

    def person(name):
        return resolves(name) and canon[owner[fold(name)]].get("kind") == "person"

    for i, e in enumerate(gold.get("events", [])):
        tag = f"event {i} ({(e.get('quote') or '')[:40]!r})"
        qt = e.get("quote")
        if not qt or qt not in text:
            errs.append(f"{tag}: quote is not an exact substring of the document")
        if e.get("date") is not None and not iso_ok(e["date"]):
            errs.append(f"{tag}: bad date {e.get('date')!r}")
        loc = e.get("location")
        if loc is not None and loc not in text:
            errs.append(f"{tag}: location {loc!r} not written in the document")
        if loc is not None and qt and loc not in qt:
            warns.append(f"{tag}: location {loc!r} is not inside the quote")
        if e.get("country") not in COUNTRIES:
            errs.append(f"{tag}: country {e.get('country')!r} not a known ISO 3166-1 alpha-2 code")
        f = e.get("fatalities")
        if f is not None:
            mn, mx = f.get("min"), f.get("max")
            if not isinstance(mn, int) or (mx is not None and not isinstance(mx, int)):
                errs.append(f"{tag}: fatalities min/max must be integers (max may be null)")
            elif mx is not None and mn > mx:
                errs.append(f"{tag}: fatalities min > max")
            if not f.get("text"):
                errs.append(f"{tag}: fatalities without text")
        if "attackers_killed" in e and not isinstance(e["attackers_killed"], int):
            errs.append(f"{tag}: attackers_killed must be an integer")
        p = e.get("perpetrator")
        if p is not None and p not in canon:
            errs.append(f"{tag}: perpetrator {p!r} is not an actor's canonical name")
        if not isinstance(e.get("claimed"), bool):
            errs.append(f"{tag}: claimed must be true/false")
        for key in ("date", "location", "admin1", "country", "fatalities", "perpetrator", "target", "claimed"):
            if key not in e:
                errs.append(f"{tag}: missing key {key!r}")

    seen = set()
    for i, f in enumerate(gold.get("facts", [])):
        pred = f.get("predicate")
        tag = f"fact {i} ({f.get('subject')!r} {pred} {f.get('object', f.get('value'))!r})"
        if not f.get("quote") or f["quote"] not in text:
            errs.append(f"{tag}: quote is not an exact substring of the document")
        if f.get("subject") not in canon:
            errs.append(f"{tag}: subject is not an actor's canonical name")
        if pred in VALUE_PREDS:
            if "value" not in f or "object" in f:
                errs.append(f"{tag}: predicate {pred} takes `value`, not `object`")
        elif pred in OBJECT_PREDS:
            if "object" not in f or "value" in f:
                errs.append(f"{tag}: predicate {pred} takes `object`, not `value`")
        else:
            errs.append(f"{tag}: unknown predicate {pred!r}")
        if "as_of" not in f:
            errs.append(f"{tag}: missing as_of")
        elif f["as_of"] is not None and not iso_ok(f["as_of"]):
            errs.append(f"{tag}: bad as_of {f['as_of']!r}")
        obj = f.get("object")
        if pred in ACTOR_OBJECT_PREDS and not resolves(obj):
            errs.append(f"{tag}: object {obj!r} does not resolve to an actor")
        if pred == "leader" and not person(obj):
            errs.append(f"{tag}: leader object {obj!r} is not a person actor")
        if pred in PLACE_PREDS and (not obj or obj not in text):
            errs.append(f"{tag}: place {obj!r} not written in the document")
        if pred in PLACE_PREDS and obj and f.get("quote") and obj not in f["quote"]:
            warns.append(f"{tag}: place {obj!r} is not inside the quote")
        if pred == "founded" and not iso_ok(f.get("value")):
            errs.append(f"{tag}: founded value {f.get('value')!r} is not an ISO date")
        if pred == "size_estimate":
            v = f.get("value") or {}
            if not isinstance(v, dict) or not isinstance(v.get("min"), int):
                errs.append(f"{tag}: size_estimate needs {{min, max}}")
        if pred == "attack_count":
            if not isinstance(f.get("value"), int):
                errs.append(f"{tag}: attack_count value must be an integer")
            if f.get("period") is not None and not period_ok(f["period"]):
                errs.append(f"{tag}: bad period {f.get('period')!r}")
        for k in ("date", "until"):
            if k in f and f[k] is not None and not iso_ok(f[k]):
                errs.append(f"{tag}: bad {k} {f[k]!r}")
        key = (f.get("subject"), pred, json.dumps(f.get("object", f.get("value")), sort_keys=True))
        if key in seen:
            warns.append(f"{tag}: repeats an earlier fact (the scorer counts it once)")
        seen.add(key)

    counts = {"words": words, "actors": len(actors), "mentions": sum(len(a.get("mentions") or []) for a in actors),
              "events": len(gold.get("events", [])), "facts": len(gold.get("facts", []))}
    return errs, warns, counts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", default=os.path.join(HERE, "docs"))
    ap.add_argument("--gold", default=os.path.join(HERE, "gold"))
    a = ap.parse_args()
    total_err = 0
    files = sorted(f for f in os.listdir(a.gold) if f.endswith(".json"))
    docs = sorted(f for f in os.listdir(a.docs) if f.endswith(".txt"))
    for d in docs:
        if d[:-4] + ".json" not in files:
            print(f"ERROR {d}: document has no gold file")
            total_err += 1
    for fn in files:
        errs, warns, c = check(a.docs, os.path.join(a.gold, fn))
        print(f"{fn}: " + ", ".join(f"{k} {v}" for k, v in c.items()) + f" -> {len(errs)} error(s), {len(warns)} warning(s)")
        for e in errs:
            print(f"  ERROR {e}")
        for w in warns:
            print(f"  warn  {w}")
        total_err += len(errs)
    print("OK" if total_err == 0 else f"FAILED: {total_err} error(s)")
    sys.exit(1 if total_err else 0)


if __name__ == "__main__":
    main()
