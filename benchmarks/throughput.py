"""Extraction throughput: graphkit build against bare spaCy, cold against warm, 1 against 2 jobs.

    python benchmarks/throughput.py CORPUS [--limit N] [--repeat R]

CORPUS is anything ``graphkit build`` reads (a JSONL/CSV export, a folder of articles). In one run,
over the same texts, every phase runs in its own process (under GNU time when available, for the
peak memory):

  bare    spaCy alone: the components graphkit loads for NER (what --no-relations runs: senter and
          ner of the small model), nlp.pipe over the cleaned article texts (model loading and
          reading not timed: the most favourable baseline);
  barerel the same with every component relations need, each running on every token: tok2vec,
          tagger, parser, attribute_ruler, lemmatizer, ner (the baseline of a build with relations);
  baretuned  the same, after the allocator setting the graphkit command makes for its process
          (graphkit.core.allocator: freed memory kept for reuse): what of graphkit's speed comes from
          that setting rather than from the pipeline;
  cold    ``graphkit build CORPUS --jobs 1`` with an empty cache, timed whole: reading, model
          loading, extraction with relations (the default), resolution, counting, layout and every
          export;
  coldnorel  the same with ``--no-relations``;
  warm    the same command again, with the cache the cold build filled (nothing changed: the
          result cache gives the graph);
  window  a rebuild after a change of window (--window paragraph), every article in the extraction
          cache but no finished graph for these settings (the result cache's graphs and files are
          emptied first; its resolutions stay, as after a build with other settings);
  aliases the same after a change of the alias file: a new --aliases file that drops the entity
          with the most mentions (round 1; the second in round 2...), a real change of the graph;
  filter  the same after a change of filter: --min-weight 2 (links seen in one window only go);
  jobs2   ``graphkit build CORPUS --jobs 2`` with an empty cache;
  window2, aliases2, filter2  the rebuilds with --jobs 2, where the graph files are written in a second
          process beside the page (compared with jobs2: both builds with two processes);
  ner1, ner2  graphkit's extraction stage alone (no cache) with 1 and 2 processes, timed like bare:
          what the extraction costs apart from the stages after it.

A build's time is its process' whole life, start-up and imports included, ended as the
``graphkit`` program ends (graphkit.core.quick_exit): what a user waits for ("seconds in build"
leaves start-up and the end out). It prints words per second, the ratios (cold/bare,
jobs2/jobs1, warm/cold, window/cold, aliases/cold), the time of every stage
of the builds and each phase's peak memory (max RSS from ``/usr/bin/time -v``, which reports the
largest single process; with --jobs 2 the sum over processes is printed too). Timings on a shared
machine are noisy: use --repeat to run the phases several times, interleaved, and keep the best.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GNU_TIME = "/usr/bin/time"
TIME_HINT = "install GNU time for peak memory figures (Debian/Ubuntu: apt-get install time)"
#: stages of a build, as the names graphkit.pipeline.stages / .outputs call them.
#: rebuilds with every article in the extraction cache, after a change that needs a new graph
REBUILDS = ("window", "aliases", "filter", "window2", "aliases2", "filter2")
STAGES = (
    ("pipeline", "read_documents", "read"),
    ("pipeline", "run_extraction", "extract"),
    ("pipeline", "resolve", "resolve"),
    ("pipeline", "comention_graph", "count"),
    ("pipeline", "annotate", "layout"),
    ("outputs", "write_outputs", "export"),
)


# ------------------------------------------------------------------ child processes


def _child_bare(args) -> dict:
    from graphkit.extraction import load_pipeline
    from graphkit.reading.documents import read_documents

    if args.tuned:
        from graphkit.core.allocator import keep_freed_memory

        keep_freed_memory()
    nlp = load_pipeline(args.model, relations=args.relations)
    if args.relations and "lemmatizer" in nlp.disabled:
        nlp.enable_pipe("lemmatizer")  # the baseline lemmatises every token
    texts = [
        d.text for d in read_documents([args.source], text_field=args.text_field, id_field=args.id_field).documents
    ]
    start, cpu = time.perf_counter(), _cpu()
    entities = 0
    for doc in nlp.pipe(texts, batch_size=args.bare_batch_size):
        entities += len(doc.ents)
    return {
        "seconds": time.perf_counter() - start,
        "cpu": _cpu() - cpu,
        "entities": entities,
        "components": nlp.pipe_names,
    }


def _child_ner(args) -> dict:
    """graphkit's extraction stage alone, timed like the bare run (model loaded, texts read first)."""
    from graphkit.extraction import extract_documents, load_pipeline
    from graphkit.reading.documents import read_documents

    nlp = load_pipeline(args.model)
    docs = read_documents([args.source], text_field=args.text_field, id_field=args.id_field).documents
    start, cpu = time.perf_counter(), _cpu()
    run = extract_documents(docs, nlp=nlp, jobs=args.jobs, cache=None)
    return {
        "seconds": time.perf_counter() - start,
        "cpu": _cpu() - cpu,
        "entities": sum(len(r.mentions) for r in run.extracted),
    }


def _cpu() -> float:
    """CPU seconds of this process and its finished children (worker processes)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _child_build(args) -> dict:
    import graphkit.cli
    import graphkit.pipeline.outputs
    import graphkit.pipeline.stages
    from graphkit.core.quick_exit import as_program

    stages: dict[str, float] = {}
    modules = {"pipeline": graphkit.pipeline.stages, "outputs": graphkit.pipeline.outputs}

    def timed(function, label):
        def wrapper(*a, **kw):
            t = time.perf_counter()
            try:
                return function(*a, **kw)
            finally:
                stages[label] = stages.get(label, 0.0) + time.perf_counter() - t

        return wrapper

    for module, name, label in STAGES:
        setattr(modules[module], name, timed(getattr(modules[module], name), label))
    argv = [
        "build",
        args.source,
        "-o",
        args.out,
        "--cache",
        args.cache,
        "--jobs",
        str(args.jobs),
        "-q",
        "--text-field",
        args.text_field,
        "--id-field",
        args.id_field,
        "--model",
        args.model,
        *(["--window", args.window] if args.window else []),
        *(["--aliases", args.aliases] if args.aliases else []),
        *(["--min-weight", args.min_weight] if args.min_weight else []),
    ]
    if args.no_relations:
        argv.append("--no-relations")
    # run as the graphkit program runs it (its entry point, graphkit.core.quick_exit.as_program), which
    # may set what belongs to the whole process; returning here instead of exiting (not standalone)
    program = as_program(lambda: graphkit.cli.main(argv, standalone_mode=False), "benchmark")
    start, cpu = time.perf_counter(), _cpu()
    program()  # (a failed build raises: not standalone, click lets its errors through)
    # _cpu() counts from the process' start: imports included
    return {"seconds": time.perf_counter() - start, "cpu": _cpu() - cpu, "process_cpu": _cpu(), "stages": stages}


# ------------------------------------------------------------------ parent


def _tree_rss_sampler(pid: int, peak: dict) -> threading.Thread:
    """Samples the summed RSS of a process and its children (needs psutil; else does nothing)."""

    def run():
        try:
            import psutil
        except ImportError:
            return
        try:
            root = psutil.Process(pid)
            while root.is_running():
                total = 0
                for p in [root, *root.children(recursive=True)]:
                    try:
                        total += p.memory_info().rss
                    except psutil.Error:
                        pass
                peak["tree"] = max(peak.get("tree", 0), total)
                time.sleep(0.2)
        except psutil.Error:
            pass

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def run_phase(phase: str, options: list[str]) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", phase, *options]
    use_time = os.path.exists(GNU_TIME)
    if use_time:
        command = [GNU_TIME, "-v", *command]
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak: dict = {}
    sampler = _tree_rss_sampler(proc.pid, peak)
    out, err = proc.communicate()
    whole = time.perf_counter() - started
    sampler.join(timeout=1)
    if proc.returncode:
        print(f"{phase} failed (exit {proc.returncode}):\n{err[-3000:]}", file=sys.stderr)
        return {}
    result = json.loads(next(line[7:] for line in out.splitlines() if line.startswith("RESULT ")))
    if phase == "build":
        result["process_seconds"] = whole
    match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
    result["max_rss_mb"] = int(match.group(1)) / 1024 if match else None
    match = re.search(r"Minor \(reclaiming a frame\) page faults: (\d+)", err)
    result["page_faults"] = int(match.group(1)) if match else None
    result["tree_rss_mb"] = peak["tree"] / 2**20 if "tree" in peak else None
    return result


def _prepare(args, work: Path) -> tuple[str, int, int]:
    """The source every phase reads (CORPUS, or its first --limit documents), its words and documents."""
    from graphkit.reading.documents import read_documents

    docs = read_documents([args.corpus], text_field=args.text_field, id_field=args.id_field).documents
    source = args.corpus
    if args.limit:
        docs = docs[: args.limit]
        source = str(work / "corpus.jsonl")
        with open(source, "w", encoding="utf-8") as f:
            for d in docs:
                f.write(json.dumps({"id": d.id, **d.meta, "text": d.text}, ensure_ascii=False) + "\n")
        docs = read_documents([source]).documents
        args.text_field, args.id_field = "text", "id"
    return source, sum(len(d.text.split()) for d in docs), len(docs)


def _fmt_mb(value) -> str:
    return "n/a" if value is None else f"{value:,.0f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "corpus",
        nargs="?",
        default=str(ROOT / "seeds"),
        help="a JSONL/CSV export or a folder of articles (default: the 5 seeds, too few for meaningful figures)",
    )
    parser.add_argument("--limit", type=int, help="use only the first N documents (for quick runs)")
    parser.add_argument("--repeat", type=int, default=1, help="run every phase R times and keep the best")
    parser.add_argument("--model", default="en_core_web_sm")
    parser.add_argument("--text-field", default="text")
    parser.add_argument("--id-field", default="id")
    parser.add_argument(
        "--bare-batch-size",
        type=int,
        default=64,
        help="nlp.pipe batch size (articles) of the bare spaCy run; 64 measured fastest here",
    )
    parser.add_argument(
        "--phases",
        default="bare,barerel,baretuned,ner1,ner2,cold,coldnorel,warm,window,aliases,filter,jobs2,window2,aliases2,"
        "filter2",
        help="comma-separated subset of bare,barerel,baretuned,ner1,ner2,cold,coldnorel,warm,window,aliases,"
        "filter,jobs2,window2,aliases2,filter2",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--source", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--cache", help=argparse.SUPPRESS)
    parser.add_argument("--jobs", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--tuned", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--window", help=argparse.SUPPRESS)
    parser.add_argument("--aliases", help=argparse.SUPPRESS)
    parser.add_argument("--min-weight", help=argparse.SUPPRESS)
    parser.add_argument("--relations", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--no-relations", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        result = {"bare": _child_bare, "ner": _child_ner, "build": _child_build}[args.child](args)
        print("RESULT " + json.dumps(result), flush=True)
        if args.child == "build":  # ends as the graphkit program does (its entry point), not freeing
            from graphkit.core.quick_exit import quick_exit  # every object first: what a user waits for

            quick_exit(0)
        return
    if not os.path.exists(GNU_TIME):
        print(f"note: {GNU_TIME} not found: {TIME_HINT}", file=sys.stderr)
    # graphkit byte-compiled, as pip installs it: an editable install run under
    # PYTHONDONTWRITEBYTECODE would compile its source at every start (0.1-0.2 s of each build)
    compileall.compile_dir(str(ROOT / "graphkit"), quiet=1)

    work = Path(tempfile.mkdtemp(prefix="graphkit-bench-"))
    try:
        source, words, n_docs = _prepare(args, work)
        print(
            f"corpus: {args.corpus}{f' (first {args.limit})' if args.limit else ''}: "
            f"{n_docs:,} documents, {words:,} words; model {args.model}; {os.cpu_count()} cores"
        )
        common = [
            "--source",
            source,
            "--model",
            args.model,
            "--text-field",
            args.text_field,
            "--id-field",
            args.id_field,
        ]
        phases = [p.strip() for p in args.phases.split(",") if p.strip()]
        best: dict[str, dict] = {}
        for round_no in range(args.repeat):
            for phase in phases:
                rebuild = phase in REBUILDS
                cache = work / ("cache-jobs1" if phase in ("cold", "warm", *REBUILDS) else f"cache-{phase}")
                if phase in ("cold", "jobs2", "coldnorel"):
                    shutil.rmtree(cache, ignore_errors=True)  # cold: an empty cache
                if (phase == "warm" or rebuild) and not cache.exists():
                    run_phase("build", [*common, "--out", str(work / "out"), "--cache", str(cache), "--jobs", "1"])
                if rebuild:  # every article in the extraction cache, but no finished graph
                    _forget_graphs(cache)
                if phase in ("bare", "baretuned", "barerel"):
                    options = [*common, "--bare-batch-size", str(args.bare_batch_size)]
                    options += ["--tuned"] if phase == "baretuned" else []
                    options += ["--relations"] if phase == "barerel" else []
                elif phase in ("ner1", "ner2"):
                    options = [*common, "--jobs", phase[-1]]
                else:
                    jobs = "2" if phase.endswith("2") else "1"
                    options = [*common, "--out", str(work / f"out-{phase}"), "--cache", str(cache), "--jobs", jobs]
                    options += ["--no-relations"] if phase == "coldnorel" else []
                    if phase.startswith("window"):
                        options += ["--window", "paragraph"]
                    elif phase.startswith("filter"):
                        options += ["--min-weight", "2"]
                    elif phase.startswith("aliases"):
                        aliases = work / f"aliases-{phase}.yaml"  # a new alias file each round
                        dropped = _most_mentioned(work, round_no)
                        aliases.write_text(f"drop: [{json.dumps(dropped)}]\n", encoding="utf-8")
                        options += ["--aliases", str(aliases)]
                result = run_phase(
                    "bare" if phase.startswith("bare") else "ner" if phase.startswith("ner") else "build", options
                )
                if not result:
                    print(f"  round {round_no + 1} {phase:9s} failed (see above)", flush=True)
                    continue
                if "process_seconds" in result:  # a build: the user waits for the whole process
                    result["in_build"] = result["seconds"]
                    result["seconds"], result["cpu"] = result["process_seconds"], result["process_cpu"]
                print(
                    f"  round {round_no + 1} {phase:9s} {result['seconds']:8.2f} s  {words / result['seconds']:9,.0f} "
                    f"words/s  cpu {result['cpu']:7.2f} s  max RSS {_fmt_mb(result['max_rss_mb'])}",
                    flush=True,
                )
                if phase not in best or result["seconds"] < best[phase]["seconds"]:
                    best[phase] = result
        _report(best, words)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _most_mentioned(work: Path, rank: int) -> str:
    """The label of the entity ranked ``rank`` (0: first) by mentions in a first build's node table."""
    import csv

    out = next(work / d for d in ("out-cold", "out-warm", "out") if (work / d / "graph.nodes.csv").exists())
    with open(out / "graph.nodes.csv", encoding="utf-8-sig", newline="") as fh:
        rows = sorted(csv.DictReader(fh), key=lambda r: (-int(r["mentions"]), r["id"]))
    return rows[rank]["label"]


def _forget_graphs(cache: Path) -> None:
    """Empty the result cache of finished graphs and written files, as a build with other settings
    would find it; what it keeps from earlier builds for such a rebuild (the resolutions) stays."""
    import sqlite3

    path = cache / "results.sqlite"
    if path.exists():
        db = sqlite3.connect(path)
        try:
            for table in ("results", "outputs", "file_sets"):
                db.execute(f"DELETE FROM {table}")
            db.commit()
        finally:
            db.close()
    shutil.rmtree(cache / "outputs", ignore_errors=True)


def _report(best: dict, words: int) -> None:
    print("\nbest of the rounds:")
    print(
        f"  {'phase':9s} {'seconds':>9s} {'words/s':>10s} {'cpu s':>8s} {'max RSS':>10s} {'all procs':>10s} "
        f"{'page faults':>12s}"
    )
    for phase, r in best.items():
        faults = "n/a" if r.get("page_faults") is None else f"{r['page_faults']:,}"
        print(
            f"  {phase:9s} {r['seconds']:9.2f} {words / r['seconds']:10,.0f} {r['cpu']:8.2f} "
            f"{_fmt_mb(r['max_rss_mb']):>10s} {_fmt_mb(r['tree_rss_mb']):>10s} {faults:>12s}"
        )
    for phase in ("cold", "coldnorel", "warm", "jobs2", *REBUILDS):
        if phase in best and "stages" in best[phase]:
            stages = best[phase]["stages"]
            start = best[phase]["seconds"] - best[phase].get("in_build", best[phase]["seconds"])
            stages = {"start-up": start, **stages}
            other = best[phase]["seconds"] - sum(stages.values())
            parts = ", ".join(f"{k} {v:.2f}" for k, v in stages.items())
            after = sum(v for k, v in stages.items() if k != "extract")
            print(
                f"  {phase} stages (s): {parts}, rest {other:.2f}; all but extract: "
                f"{after:.2f} ({after / best[phase]['seconds']:.1%})"
            )
    print("ratios (targets in brackets):")
    # (label, numerator phase, denominator phase, target, as a percentage): a throughput ratio is
    # time(baseline) / time(phase), a rebuild's share is time(rebuild) / time(cold build)
    for label, top, bottom, target, share in (
        ("cold build / bare spaCy, with relations", "barerel", "cold", ">= 0.90", False),
        ("--no-relations build / bare NER spaCy", "bare", "coldnorel", ">= 0.90", False),
        ("--no-relations speed-up over default", "cold", "coldnorel", "", False),
        ("--no-relations / bare, both allocator-tuned", "baretuned", "coldnorel", "", False),
        ("allocator setting alone, bare", "bare", "baretuned", "", False),
        ("--jobs 2 / --jobs 1 throughput", "cold", "jobs2", ">= 1.6", False),
        ("extraction stage / bare spaCy", "bare", "ner1", "", False),
        ("extraction stage, 2 / 1 jobs", "ner1", "ner2", "", False),
        ("warm (nothing changed) / cold", "warm", "cold", "<= 2%", True),
        ("rebuild after a window change / cold", "window", "cold", "<= 5%", True),
        ("rebuild after an alias change / cold", "aliases", "cold", "<= 5%", True),
        ("window change / cold, both --jobs 2", "window2", "jobs2", "<= 5%", True),
        ("alias change / cold, both --jobs 2", "aliases2", "jobs2", "<= 5%", True),
        ("rebuild after a filter change / cold", "filter", "cold", "<= 5%", True),
        ("filter change / cold, both --jobs 2", "filter2", "jobs2", "<= 5%", True),
        ("window change --jobs 2 / cold --jobs 1", "window2", "cold", "", True),
    ):
        if top in best and bottom in best:
            t, b = best[top], best[bottom]
            # by CPU time: for a throughput ratio 1.0 means no overhead in CPU (for jobs2: the
            # parallel overhead); for a rebuild, its share of the cold build's CPU
            value, cpu = t["seconds"] / b["seconds"], t["cpu"] / b["cpu"]
            shown = f"{value:.2%}" if share else f"{value:.3f}"
            print(
                f"  {label + ':':41s} {shown}  {f'[{target}]' if target else ''}"
                f"  (by CPU time: {f'{cpu:.2%}' if share else f'{cpu:.3f}'})"
            )
    stages = {p: best[p].get("stages", {}) for p in ("cold", "warm", "jobs2") if p in best}
    if "bare" in best and stages.get("cold", {}).get("extract"):
        print(
            f"  within the builds: extract(cold) / bare: {best['bare']['seconds'] / stages['cold']['extract']:.3f}",
            end="",
        )
        if stages.get("jobs2", {}).get("extract"):
            print(f"; extract jobs2 / jobs1: {stages['cold']['extract'] / stages['jobs2']['extract']:.3f}", end="")
        if stages.get("warm", {}).get("extract"):
            print(f"; extract warm / cold: {stages['warm']['extract'] / stages['cold']['extract']:.2%}", end="")
        print()
    peaks = {p: r["max_rss_mb"] for p, r in best.items() if r.get("max_rss_mb") and not p.startswith("bare")}
    if peaks:
        phase = max(peaks, key=peaks.get)
        print(
            f"  graphkit peak memory (max RSS of one process, {phase}): {peaks[phase]:,.0f} MB  [<= 1,536 MB]"
            + (f"; bare spaCy: {best['bare']['max_rss_mb']:,.0f} MB" if best.get("bare", {}).get("max_rss_mb") else "")
        )
    else:
        print(f"  peak memory: n/a ({TIME_HINT})")


if __name__ == "__main__":
    main()
