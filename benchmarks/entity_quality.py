"""Entity quality at the top of a real graph, scored against a hand-checked gold.

    python benchmarks/entity_quality.py CORPUS GOLD [--top 100] [--cache DIR] [--jobs N] [--out DIR]

CORPUS is either a built graph (an output folder of ``graphkit build``, or its .graphml/.gexf/.json
file) or anything ``graphkit build`` reads (then it is built here, with the extraction cache in
``--cache``). GOLD is a YAML file like tests/data/wikinews_top_gold.yaml: real entities with their
type and every spelling the corpus uses for them, junk spellings (not entities of the kept types),
and ambiguous spellings (a lone surname two people share).

Spellings are compared by a deliberately simple normalisation of this script's own (case, spaces,
quotes, a leading "the"/"a", a trailing "'s", stray brackets and commas), never graphkit's. For
each of the ``--top`` nodes by mentions:

* **junk**: every judged alias of the node is a junk spelling;
* **over-merged**: its aliases are spellings of two or more gold entities, or of an entity and junk;
* **duplicate**: another node of the graph (with at least ``--min-duplicate`` mentions) is labelled
  with a spelling of the same gold entity;
* **type error**: the node's type is not the gold type (nor a listed alternative);
* **unjudged**: an alias the gold does not know. Never passed silently: the node does not count as
  clean, and the alias is printed so that a human judges it and adds it to the gold.

A node is clean when it is none of these. The script prints each list and the share of the top
that is clean; the exit status is 0 whatever the score (it measures, it does not gate).
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "“": '"', "”": '"'})
#: stray punctuation spaCy leaves at the edges ("the Associated Press (", "Associated Press,"); a
#: trailing colon stays: "Zara Kay:" is a speaker label, not a mention of her
_EDGES = re.compile(r"^[\s\"'(\[,;.-]+|[\s\"'()\[\],;-]+$")


def norm(spelling: str) -> str:
    """How this script compares spellings: "The United States' (" and "united states" are one."""
    text = unicodedata.normalize("NFKC", spelling).translate(_QUOTES)
    text = " ".join(text.split())
    for _ in range(2):
        text = _EDGES.sub("", text)
        text = re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.IGNORECASE)
        text = re.sub(r"(?:'s|')$", "", text)
    return text.casefold()


class Gold:
    """The gold file: spelling -> entity name, junk spellings, ambiguous spellings, entity types."""

    def __init__(self, path: Path):
        import yaml

        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        self.entity_of: dict[str, str] = {}
        self.types: dict[str, set[str]] = {}
        for entity in data.get("entities", []):
            name = entity["name"]
            self.types[name] = {entity["type"], *entity.get("also", [])}
            for s in entity["spellings"]:
                other = self.entity_of.setdefault(norm(s), name)
                if other != name:
                    raise SystemExit(f"{path}: spelling {s!r} is in both {other!r} and {name!r}")
        self.junk: dict[str, str] = {}
        for item in data.get("junk", []):
            for s in item["spellings"]:
                if norm(s) in self.entity_of:
                    raise SystemExit(f"{path}: junk spelling {s!r} is also a spelling of {self.entity_of[norm(s)]!r}")
                self.junk[norm(s)] = item.get("why", "")
        self.ambiguous = {norm(item["spelling"]): item.get("could_be", "") for item in data.get("ambiguous", [])}

    def judge(self, alias: str) -> tuple[str, str]:
        """("entity", name) / ("junk", why) / ("ambiguous", who) / ("unjudged", "")."""
        key = norm(alias)
        if key in self.entity_of:
            return "entity", self.entity_of[key]
        if key in self.junk:
            return "junk", self.junk[key]
        if key in self.ambiguous:
            return "ambiguous", self.ambiguous[key]
        return "unjudged", ""


def load_or_build(corpus: str, cache: str, jobs: int, out: str | None):
    path = Path(corpus)
    graph_file = None
    if path.is_dir():
        found = sorted(path.glob("*.graphml"))
        graph_file = found[0] if found else None
    elif path.suffix in (".graphml", ".gexf", ".json"):
        graph_file = path
    if graph_file is not None:
        from graphkit.explore import load_graph

        return load_graph(str(graph_file)), str(graph_file)
    import graphkit

    result = graphkit.build([corpus], cache=cache, jobs=jobs)
    if out:
        graphkit.write_outputs(result.graph, out, resolution=result.resolution)
    return result.graph, f"built from {corpus}"


def score(graph, gold: Gold, top: int = 100, min_duplicate: int = 5) -> dict:
    nodes = sorted(graph.nodes(data=True), key=lambda nd: (-int(nd[1]["mentions"]), nd[1]["label"], nd[0]))
    # which gold entity each node of the whole graph is labelled as (for duplicates)
    labelled: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
    for node, data in nodes:
        verdict, name = gold.judge(data["label"])
        if verdict == "entity":
            labelled[name].append((node, data["label"], int(data["mentions"])))
    report = {"junk": [], "over_merged": [], "duplicates": [], "type_errors": [], "unjudged": [], "clean": []}
    for rank, (node, data) in enumerate(nodes[:top], 1):
        aliases = [a for a in str(data.get("aliases", "")).split("|") if a]
        verdicts = [(a, *gold.judge(a)) for a in aliases]
        names = sorted({name for _, v, name in verdicts if v == "entity"})
        junk = [a for a, v, _ in verdicts if v == "junk"]
        unjudged = [a for a, v, _ in verdicts if v == "unjudged"]
        head = f"#{rank} {data['label']} ({data['type']}, {data['mentions']} mentions)"
        problems = []
        if unjudged:
            report["unjudged"].append(f"{head}: {' | '.join(unjudged)}")
            problems.append("unjudged")
        if junk and not names:
            report["junk"].append(f"{head}: {' | '.join(junk)}")
            problems.append("junk")
        elif len(names) > 1 or (junk and names):
            parts = names + [f"junk {a!r}" for a in junk]
            report["over_merged"].append(f"{head} = {' + '.join(parts)}")
            problems.append("over-merged")
        if len(names) == 1:
            (name,) = names
            others = [(n, label, m) for n, label, m in labelled[name] if n != node and m >= min_duplicate]
            if others:
                listed = ", ".join(f"{label} [{graph.nodes[n]['type']}, {m}]" for n, label, m in others)
                report["duplicates"].append(f"{head} is {name}; also: {listed}")
                problems.append("duplicate")
            if data["type"] not in gold.types[name]:
                report["type_errors"].append(f"{head}: gold {'/'.join(sorted(gold.types[name]))}")
                problems.append("type")
        if not problems:
            report["clean"].append(head)
    report["top"] = min(top, len(nodes))
    return report


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", help="a built output folder or graph file, or articles to build")
    parser.add_argument("gold", help="the gold YAML (tests/data/wikinews_top_gold.yaml)")
    parser.add_argument("--top", type=int, default=100)
    parser.add_argument(
        "--min-duplicate",
        type=int,
        default=5,
        help="a duplicate node needs this many mentions to count (smaller ones are not listed)",
    )
    parser.add_argument("--cache", default=".graphkit-cache", help="extraction cache when building")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--out", default=None, help="also write the built graph's files here")
    args = parser.parse_args(argv)
    gold = Gold(Path(args.gold))
    graph, source = load_or_build(args.corpus, args.cache, args.jobs, args.out)
    report = score(graph, gold, args.top, args.min_duplicate)
    print(f"{source}: {graph.number_of_nodes()} nodes; top {report['top']} by mentions against {args.gold}")
    for title, key in (
        ("junk nodes", "junk"),
        ("duplicate nodes", "duplicates"),
        ("over-merged nodes", "over_merged"),
        ("type errors", "type_errors"),
        ("unjudged aliases (judge them and add them to the gold)", "unjudged"),
    ):
        print(f"\n{title}: {len(report[key])}")
        for line in report[key]:
            print(f"  {line}")
    print(f"\nclean: {len(report['clean'])} of the top {report['top']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
