"""The cost of the source map: cleaning with offsets against cleaning without, in the same run.

    python benchmarks/source_map.py CORPUS [--text-field text] [--repeat 5]

CORPUS is a JSONL export (one article per line) or a folder of .txt files. The script loads the
raw texts, then times, interleaved and repeated (best of N), the earlier cleaning without a map
(tests/reference_cleaning.py) and graphkit's cleaning with its SourceMap
(graphkit.reading.cleaning.clean_text). It prints both times, their ratio, and the extra time per
1,000 articles; for scale, NER runs at roughly 30 articles a second on one core, so 1,000
articles take about 30 s of NER.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def load(corpus: Path, text_field: str) -> list[str]:
    if corpus.is_dir():
        return [p.read_text(encoding="utf-8") for p in sorted(corpus.rglob("*.txt"))]
    with open(corpus, encoding="utf-8") as fh:
        return [str(json.loads(line).get(text_field, "")) for line in fh if line.strip()]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="a JSONL export or a folder of .txt articles")
    parser.add_argument("--text-field", default="text")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    from reference_cleaning import reference_paragraphs

    from graphkit.reading.cleaning import clean_text

    texts = load(args.corpus, args.text_field)
    chars = sum(map(len, texts))
    without, with_map = [], []
    for _ in range(args.repeat):
        t = time.perf_counter()
        for text in texts:
            reference_paragraphs(text)
        without.append(time.perf_counter() - t)
        t = time.perf_counter()
        for text in texts:
            clean_text(text)
        with_map.append(time.perf_counter() - t)
    a, b = min(without), min(with_map)
    print(f"{len(texts)} articles, {chars / 1e6:.1f} M characters, best of {args.repeat}")
    print(f"cleaning without a map  {a:8.3f} s")
    print(f"cleaning with the map   {b:8.3f} s")
    print(f"ratio with/without      {b / a:8.2f}")
    print(f"extra per 1,000 articles {1000 * (b - a) / max(1, len(texts)):7.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
