"""How fast the HTML explorer becomes interactive, for generated graphs of 100, 500 and 2,000 nodes.

For each size: build a co-mention-like graph (scale-free, weighted, with evidence text), run
analytics.annotate (layout etc.) and write the page, then open it in headless Chromium and read
``window.graphkitReadyAt`` (ms after navigation start when the first frame with the shipped
positions was drawn). Also times a hover highlight and a type-filter toggle inside the page.
Prints medians and ratios against the 100-node run of the same process.

    .venv/bin/python benchmarks/html_interactive.py [--runs 3] [--sizes 100,500,2000] [--pages out/graph.html ...]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser import chromium, open_page  # noqa: E402

from graphkit.exports.html import write_html  # noqa: E402
from graphkit.graph.analytics import annotate  # noqa: E402

TYPES = ["PERSON"] * 4 + ["ORG"] * 3 + ["GPE"] * 2 + ["LOC", "EVENT", "NORP"]
SENTENCE = (
    "{a} and {b} were named together in the report, which officials said would be "
    "published after the meeting in the capital on Monday."
)


def generated_graph(n: int, seed: int = 7) -> nx.Graph:
    """Scale-free like real co-mention graphs (a few hubs, many small entities); ~2.5 edges per node."""
    rng = random.Random(seed)
    base = nx.powerlaw_cluster_graph(n, 3, 0.3, seed=seed)
    g = nx.Graph()
    for i in base.nodes:
        etype = rng.choice(TYPES)
        label = f"Entity {i} {etype.title()}"
        docs = sorted({f"doc{rng.randrange(n * 2):05d}" for _ in range(rng.randint(1, 4))})
        g.add_node(
            f"{etype.lower()}-{i}",
            label=label,
            type=etype,
            mentions=1 + int(rng.paretovariate(1.5)),
            documents=len(docs),
            aliases=f"{label}|E{i}",
            doc_ids="|".join(docs),
        )
    ids = list(g.nodes)
    for a, b in base.edges:
        la, lb = g.nodes[ids[a]]["label"], g.nodes[ids[b]]["label"]
        evidence = "\n".join(f"[doc{rng.randrange(n * 2):05d}] " + SENTENCE.format(a=la, b=lb) for _ in range(2))
        g.add_edge(ids[a], ids[b], weight=min(20, int(rng.paretovariate(1.2))), documents=2, evidence=evidence)
    g.graph.update(window="sentence", documents=n * 2, documents_json="{}")
    return g


def measure(browser, path: Path, probe_node: str) -> dict:
    start = time.perf_counter()
    with open_page(browser, path, timeout_ms=60000) as run:
        wall = (time.perf_counter() - start) * 1000
        # the first drawn frame, or the end of the map script (names, communities, backbone) if later
        ready = run.js("Math.max(window.graphkitReadyAt, window.graphkitMapReadyAt || 0)")
        hover = run.js(
            """id => { const t = performance.now(); graphkit.highlightNode(id);
                                  graphkit.network.redraw(); return performance.now() - t; }""",
            probe_node,
        )
        toggle = run.js("""() => { const b = document.querySelector('#gk-legend button');
                                   const t = performance.now(); b.click(); graphkit.network.redraw();
                                   const dt = performance.now() - t; b.click(); return dt; }""")
        assert not run.console_errors and not run.page_errors and not run.requests, run
        return {"ready": ready, "wall": wall, "hover": hover, "filter": toggle}


def open_probe(browser, path: Path) -> str:
    """The most central node drawn on an existing page (the first of the vis items)."""
    with open_page(browser, path, timeout_ms=60000) as run:
        return run.js("GRAPHKIT_VIS.nodes[0].id")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="100,500,2000")
    parser.add_argument(
        "--pages", nargs="*", default=[], metavar="HTML", help="pages already written (e.g. a real corpus' graph.html)"
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]

    rows = []
    with tempfile.TemporaryDirectory(prefix="graphkit-bench-") as tmp, chromium() as browser:
        for n in sizes:
            g = generated_graph(n)
            t = time.perf_counter()
            annotated = annotate(g)
            t_annotate = time.perf_counter() - t
            t = time.perf_counter()
            path = write_html(annotated, Path(tmp) / f"graph_{n}.html", max_nodes=None, title=f"generated {n}")
            t_write = time.perf_counter() - t
            hub = max(annotated.degree, key=lambda item: item[1])[0]
            measure(browser, path, hub)  # warm-up (browser caches, JIT)
            runs = [measure(browser, path, hub) for _ in range(args.runs)]
            med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
            rows.append((n, g.number_of_edges(), path.stat().st_size, t_annotate, t_write, med))
        pages = []
        for page in map(Path, args.pages):
            probe = open_probe(browser, page)
            measure(browser, page, probe)
            runs = [measure(browser, page, probe) for _ in range(args.runs)]
            pages.append((page, page.stat().st_size, {k: statistics.median(r[k] for r in runs) for k in runs[0]}))

    for page, size, med in pages:
        print(
            f"{page}: {size / 1e6:.2f} MB, ready {med['ready']:.0f} ms (target <= 2,000: "
            f"{'OK' if med['ready'] <= 2000 else 'TOO SLOW'}), wall {med['wall']:.0f} ms, "
            f"hover {med['hover']:.1f} ms, filter {med['filter']:.1f} ms"
        )
    if not rows:
        return
    base = rows[0][5]
    print(f"HTML explorer: time until interactive (median of {args.runs} runs, headless Chromium)")
    print(
        f"{'nodes':>6} {'edges':>6} {'page MB':>8} {'annotate s':>10} {'write s':>8} "
        f"{'ready ms':>9} {'(x)':>6} {'wall ms':>8} {'hover ms':>9} {'filter ms':>9}"
    )
    for n, m, size, t_annotate, t_write, med in rows:
        print(
            f"{n:>6} {m:>6} {size / 1e6:>8.2f} {t_annotate:>10.2f} {t_write:>8.2f} "
            f"{med['ready']:>9.0f} {med['ready'] / base['ready']:>6.2f} {med['wall']:>8.0f} "
            f"{med['hover']:>9.1f} {med['filter']:>9.1f}"
        )
    print("ready = window.graphkitReadyAt (ms from navigation start to the first drawn frame with positions);")
    print("wall = Python-side time from page.goto to ready; (x) = ratio to the first size.")
    target = next((med["ready"] for n, *_, med in rows if n == 500), None)
    if target is not None:
        print(f"500 nodes: {target / 1000:.2f} s (target <= 2 s): {'OK' if target <= 2000 else 'TOO SLOW'}")


if __name__ == "__main__":
    main()
