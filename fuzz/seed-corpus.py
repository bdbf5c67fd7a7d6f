#!/usr/bin/env python3
"""Seeds fuzz/corpus/<target>/ from the repository's own fixtures and corpus.

Run from the repository root: python3 fuzz/seed-corpus.py [ROOT] (default fuzz/corpus)
The corpus folders are not checked in; inputs worth keeping (crashes,
and a minimised corpus) go under crates/*/tests/fixtures/fuzz/, which the
fuzz_regressions tests replay.
"""
import glob
import os
import sys

ROOT = sys.argv[1] if len(sys.argv) > 1 else "fuzz/corpus"


def put(target, name, data):
    d = os.path.join(ROOT, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def rd(p):
    with open(p, "rb") as f:
        return f.read()


def rows(p):
    return rd(p).split(b"\n", 1)[1]


for p in glob.glob("crates/read/tests/fixtures/*.html") + ["crates/cli/tests/fixtures/hostile.html"]:
    put("read_html", os.path.basename(p), rd(p))
    put("extract_text", os.path.basename(p), b"\x03" + rd(p))
put("read_html", "nested.html", b"<html><body>" + b"<div>" * 200
    + b"Deep text. On 3 May 2020 ten were killed.<sup>1</sup>" + b"</div>" * 200
    + b'<ol><li id="fn1">Note, Title, 2021.</li></ol></body></html>')
put("read_html", "table.html", b'<table><tr><td>a</td>x<td>b</td></tr></table><p>Para &amp; <b>bold</b> '
    b'<a href="#fn2">2</a></p><section class="footnotes"><p id="fn2">UN, Report, 12 March 2022</p></section>')

for p in glob.glob("crates/read/tests/fixtures/*.pdf"):
    put("read_pdf", os.path.basename(p), rd(p))

texts = sorted(glob.glob("corpus/0*.txt") + glob.glob("tests/*/docs/*.txt"))
texts.append("crates/cli/tests/fixtures/windows-1252.txt")
for p in texts:
    put("segment_text", os.path.basename(p), rd(p))
    put("extract_text", os.path.basename(p), b"\x00" + rd(p))
put("segment_text", "notes.txt", (
    "The group grew.\u00b9 Its leader died in 2019.[2] See [^3].\n\nReferences\n\n"
    "1. UN Security Council, Report, S/2023/95, 13 February 2023, pp. 6, 23, url\n"
    "[2] ACLED, Data, 31 February 2022\n[^3]: BBC, Attack, 3 May 2020\n\u00b9 Note one.\n"
    "- [392](#) EUAA, COI Query, 1 June 2021\n").encode())

put("segment_markdown", "md_report.md", rd("crates/read/tests/fixtures/md_report.md"))
put("extract_text", "md_report.md", b"\x02" + rd("crates/read/tests/fixtures/md_report.md"))
for p in sorted(glob.glob("corpus/0*.txt"))[:2]:
    put("segment_markdown", os.path.basename(p) + ".md", rd(p))
put("segment_markdown", "footnotes.md", b"# Title\n\nText[^1] and more[^a].\n\n[^1]: Note one, 2020.\n"
    b"[^a]: Note a.\n\n- [12](#) EUAA, Report, March 2021\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")

sentences = [
    "On 30 July 2023 a suicide bomber killed at least 54 people and wounded more than 200 in Khar.",
    "Between 2019 and 2022 the group had 4 000\u20136 000 fighters; by mid-2021 seventy-two were left.",
    "It was founded on 26 January 2015 (some say late 2014) and since 2021 has up to 1,500 members.",
    "Last year, on the night of 22 March, dozens died; 31 February 2020; between 5 and 3 killed.",
    "From 2015\u2013present, a hundred and twenty, two dozen, 100+ fighters, 12-15 wounded, Sept. 2019, 2O24.",
]
for i, s in enumerate(sentences):
    put("dates_numbers", f"s{i}", bytes([i * 17 % 256, 23, 200]) + s.encode())
    put("dates_numbers", f"r{i}", bytes([64 * (i % 4) + i, 5, 40]) + s.encode())

fx = "crates/import/tests/fixtures/"
put("import_acled", "current", b"\x00" + rows(fx + "acled_current.csv"))
put("import_acled", "bad_rows", b"\x00" + rows(fx + "acled_bad_rows.csv"))
put("import_acled", "unclosed", b"\x00" + rows(fx + "acled_unclosed_quote.csv"))
put("import_acled", "legacy", b"\x01" + rows(fx + "acled_legacy.csv"))
put("import_gtd", "gtd", rows(fx + "gtd.csv"))
put("import_gtd", "gtd_bad", rows(fx + "gtd_bad_rows.csv"))
put("import_ucdp", "ged", b"\x00" + rows(fx + "ucdp_ged.csv"))
put("import_ucdp", "candidate", b"\x01" + rd(fx + "ucdp_candidate_noheader.csv"))
