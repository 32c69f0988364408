"""Resolution cost: entity resolution time as a fraction of NER time, in the same run.

    python benchmarks/resolution_cost.py CORPUS [--limit N] [--text-field text] [--id-field id]

CORPUS is anything ``graphkit build`` reads (a JSONL/CSV export, a folder of articles). The script
reads it, runs spaCy NER over every document in this process (graphkit.extraction.iter_extract,
one process, model loading not timed), then times :func:`graphkit.resolution.resolve` on the
same records, cold (first call: the country and city tables load and the per-name caches are
empty) and warm. It prints both times, the ratio resolve/extract (target: at most 5%), and
resolution times on the first quarter, half and whole of the corpus, to show that resolution
grows about linearly with the number of mentions.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET = 0.05


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", help="a JSONL/CSV export or a folder of articles")
    parser.add_argument("--limit", type=int, default=None, help="only the first N documents")
    parser.add_argument("--text-field", default="text")
    parser.add_argument("--id-field", default="id")
    parser.add_argument("--model", default=None, help="spaCy pipeline (default: graphkit's)")
    args = parser.parse_args(argv)

    from graphkit.extraction import DEFAULT_MODEL, iter_extract, load_pipeline
    from graphkit.reading.documents import read_documents
    from graphkit.resolution.resolver import resolve

    read = read_documents([args.corpus], text_field=args.text_field, id_field=args.id_field)
    docs = read.documents[: args.limit] if args.limit else read.documents
    if not docs:
        print(f"no documents in {args.corpus}", file=sys.stderr)
        return 2
    nlp = load_pipeline(args.model or DEFAULT_MODEL)

    t0 = time.perf_counter()
    extracted = list(iter_extract(docs, nlp))
    extract_s = time.perf_counter() - t0
    mentions = sum(len(e.mentions) for e in extracted)

    t0 = time.perf_counter()
    resolution = resolve(extracted, docs, language=nlp.lang)
    cold_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    resolve(extracted, docs, language=nlp.lang)
    warm_s = time.perf_counter() - t0

    words = sum(len(d.text.split()) for d in docs)
    merges = sum(1 for m in resolution.merges if m.canonical and m.canonical != m.alias)
    drops = sum(1 for m in resolution.merges if not m.canonical)
    distinct = len({m.text for e in extracted for m in e.mentions})
    print(f"corpus: {args.corpus} ({len(docs)} documents, {words:,} words)")
    print(
        f"mentions: {mentions:,} ({distinct:,} distinct surfaces) -> {len(resolution.entities):,} entities; "
        f"{merges:,} merge rows, {drops:,} drop rows"
    )
    print(f"extraction (NER, 1 process):  {extract_s:8.2f} s")
    print(f"resolution, cold:             {cold_s:8.2f} s  = {cold_s / extract_s:6.2%} of extraction")
    print(f"resolution, warm:             {warm_s:8.2f} s  = {warm_s / extract_s:6.2%} of extraction")

    print("resolution time by corpus share (warm):")
    for share in (0.25, 0.5, 1.0):
        n = max(1, int(len(docs) * share))
        t0 = time.perf_counter()
        resolve(extracted[:n], docs[:n], language=nlp.lang)
        seconds = time.perf_counter() - t0
        m = sum(len(e.mentions) for e in extracted[:n])
        print(
            f"  {share:4.0%}: {n:6d} documents, {m:8,} mentions, {seconds:6.2f} s, "
            f"{seconds / max(m, 1) * 1e6:6.1f} µs per mention"
        )
    verdict = "within" if cold_s / extract_s <= TARGET else "OVER"
    print(f"target: resolution at most {TARGET:.0%} of extraction -> {verdict} ({cold_s / extract_s:.2%} cold)")
    return 0 if cold_s / extract_s <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
