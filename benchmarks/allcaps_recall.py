"""How many names NER finds in text written in capitals, with and without case restoration.

    python benchmarks/allcaps_recall.py CORPUS [--limit N]

Real corpora have headlines, datelines ("LONDON (Reuters) -") and tables in capitals; a corpus
written normally can show what NER loses there. For each of the first ``--limit`` articles of
CORPUS (anything ``graphkit build`` reads) this script runs spaCy on:

* the article as written: the reference mentions (the default entity types);
* the article with its first body paragraph in capitals (the lead, where a wire story names its
  people and places), as it is and case-restored (graphkit.extraction.casing), the rest of the
  article as written;
* the whole article in capitals, as it is and case-restored (no mixed-case text to learn from:
  only the language's stop words and the length rule).

It prints the recall of the reference mentions in the capitalised text (same span and same type),
for both, and the gain. spaCy's reading of normal text is the reference, so this measures what
capitals cost and what restoration wins back, not NER's own accuracy.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _spans(record, paragraphs: set[int] | None = None) -> set[tuple[int, int, int, str]]:
    out = set()
    for m in record.mentions:
        paragraph = record.sentences[m.sentence].paragraph
        if paragraphs is None or paragraph in paragraphs:
            out.add((paragraph, m.start, m.end, m.label))
    return out


def _recall(reference: list[set], found: list[set]) -> tuple[int, int]:
    hits = sum(len(r & f) for r, f in zip(reference, found))
    return hits, sum(len(r) for r in reference)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus")
    parser.add_argument("--limit", type=int, default=500)
    parser.add_argument("--text-field", default="text")
    parser.add_argument("--id-field", default="id")
    args = parser.parse_args(argv)

    from graphkit.extraction import load_pipeline
    from graphkit.extraction.ner import iter_extract
    from graphkit.reading.documents import read_documents

    read = read_documents([args.corpus], text_field=args.text_field, id_field=args.id_field)
    docs = [d for d in read.documents if len(d.paragraphs) > 1 + d.has_headline][: args.limit]
    nlp = load_pipeline()
    t0 = time.perf_counter()
    reference = list(iter_extract(docs, nlp, case_restore=False))
    leads = [1 if d.has_headline else 0 for d in docs]
    lead_docs = [
        replace(d, paragraphs=tuple(p.upper() if i == lead else p for i, p in enumerate(d.paragraphs)))
        for d, lead in zip(docs, leads)
    ]
    caps_docs = [replace(d, paragraphs=tuple(p.upper() for p in d.paragraphs)) for d in docs]
    rows = []
    for name, variant, only_lead in (
        ("lead paragraph in capitals", lead_docs, True),
        ("whole article in capitals", caps_docs, False),
    ):
        ref = [_spans(r, {lead} if only_lead else None) for r, lead in zip(reference, leads)]
        results = {}
        for restore in (False, True):
            records = list(iter_extract(variant, nlp, case_restore=restore))
            found = [_spans(r, {lead} if only_lead else None) for r, lead in zip(records, leads)]
            results[restore] = _recall(ref, found)
        rows.append((name, results))
    print(
        f"{args.corpus}: {len(docs)} articles; reference: spaCy on the text as written "
        f"({time.perf_counter() - t0:.0f} s in all)"
    )
    print(f"{'':30s} {'mentions':>9s} {'as is':>8s} {'restored':>9s} {'gain':>7s}")
    for name, results in rows:
        (plain, total), (restored, _) = results[False], results[True]
        print(f"{name:30s} {total:9,d} {plain / total:8.1%} {restored / total:9.1%} {(restored - plain) / total:+7.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
