"""Resolution cost: entity resolution time as a fraction of NER time, in the same run.

    python benchmarks/resolution_cost.py CORPUS [--limit N] [--text-field text] [--id-field id]

CORPUS is anything ``graphkit build`` reads (a JSONL/CSV export, a folder of articles). The script
reads it and times the two stages the way a ``graphkit build --jobs 1 --no-cache`` runs them:

* **NER**: graphkit's extraction loop (graphkit.extraction.run_extraction with the one-process
  LocalRunner: spaCy in chunks, memory zones, the heap frozen, mentions of the default types kept),
  model loading not timed;
* **resolution**: everything from those records to the resolved entities,
  :func:`graphkit.resolution.resolve` on the records and the documents (it reads the articles'
  text for its context and counts lower-case words itself), with the garbage collector paused as
  the build does; cold (first call in the process: the country, city and time-zone tables load
  and every per-name cache is empty, as in a build) and warm.

Both are measured in wall time and in CPU time of this process: on a shared machine other work
stretches wall times unevenly, CPU time much less. It prints the ratios resolution/NER (target: at
most 5%, judged on the larger of the two cold ratios), and resolution times on the first quarter,
half and whole of the corpus, to show that resolution grows about linearly with the number of
mentions.
"""

from __future__ import annotations

import argparse
import sys
import time
from functools import partial
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

    from graphkit.core.gcpause import paused_gc
    from graphkit.extraction import DEFAULT_MODEL, LocalRunner, load_pipeline, run_extraction
    from graphkit.reading.documents import read_documents
    from graphkit.resolution.resolver import resolve

    read = read_documents([args.corpus], text_field=args.text_field, id_field=args.id_field)
    docs = read.documents[: args.limit] if args.limit else read.documents
    if not docs:
        print(f"no documents in {args.corpus}", file=sys.stderr)
        return 2
    nlp = load_pipeline(args.model or DEFAULT_MODEL)

    def timed(work):
        wall, cpu = time.perf_counter(), time.process_time()
        result = work()
        return result, time.perf_counter() - wall, time.process_time() - cpu

    run, extract_s, extract_cpu = timed(lambda: run_extraction(docs, LocalRunner(nlp=nlp, jobs=1)))
    extracted = run.extracted
    mentions = sum(len(e.mentions) for e in extracted)

    def resolve_all(n: int):
        with paused_gc():  # as the build runs it
            return resolve(extracted[:n], docs[:n], language=nlp.lang)

    resolution, cold_s, cold_cpu = timed(partial(resolve_all, len(docs)))
    _, warm_s, warm_cpu = timed(partial(resolve_all, len(docs)))

    words = sum(len(d.text.split()) for d in docs)
    merges = sum(1 for m in resolution.merges if m.canonical and m.canonical != m.alias)
    drops = sum(1 for m in resolution.merges if not m.canonical)
    distinct = len({m.text for e in extracted for m in e.mentions})
    print(f"corpus: {args.corpus} ({len(docs)} documents, {words:,} words)")
    print(
        f"mentions: {mentions:,} ({distinct:,} distinct surfaces) -> {len(resolution.entities):,} entities; "
        f"{merges:,} merge rows, {drops:,} drop rows"
    )
    print("                              wall time             CPU time")
    print(f"extraction (NER, 1 process):  {extract_s:8.2f} s            {extract_cpu:8.2f} s")
    for name, wall, cpu in (("cold", cold_s, cold_cpu), ("warm", warm_s, warm_cpu)):
        print(
            f"resolution, {name}:             {wall:8.2f} s = {wall / extract_s:6.2%}   "
            f"{cpu:8.2f} s = {cpu / extract_cpu:6.2%}   of extraction"
        )

    print("resolution time by corpus share (warm):")
    for share in (0.25, 0.5, 1.0):
        n = max(1, int(len(docs) * share))
        _, seconds, _cpu = timed(partial(resolve_all, n))
        m = sum(len(e.mentions) for e in extracted[:n])
        print(
            f"  {share:4.0%}: {n:6d} documents, {m:8,} mentions, {seconds:6.2f} s, "
            f"{seconds / max(m, 1) * 1e6:6.1f} µs per mention"
        )
    ratio = max(cold_s / extract_s, cold_cpu / extract_cpu)
    verdict = "within" if ratio <= TARGET else "OVER"
    print(
        f"target: resolution at most {TARGET:.0%} of extraction -> {verdict} "
        f"({cold_s / extract_s:.2%} wall, {cold_cpu / extract_cpu:.2%} CPU, cold)"
    )
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
