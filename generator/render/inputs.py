"""What each input of an output is now, as a digest: an output whose inputs' digests
are those of the run that wrote it needs no rendering (see `render/output.py` for the keys).

Digests are of what pages are rendered from: the validated models, the configuration
as loaded (without the build date, its own key), each template as resolved (a site's
override, else the package's), the bytes of copied files, and the histories.  A key
nobody can compute is a new digest on every run, so an unknown input is never taken as
unchanged.

A brief, an event or a registry is a pure function of its file's text (under the
generator's code, which every record of the store is kept under), so when the check
knows the SHA-256 of that text (`texts`, from the stat index: no file read) the
model's digest is made from it, not by serializing the model: a run computes a digest
of every input, and serializing 21,000 models cost more than the edit it serves.
A language's model adds its translation file's hash (`EditionDigests`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import jinja2
from pydantic import BaseModel

from generator.cache import DiskMemo, text_key
from generator.check.schema import Brief
from generator.config import SiteConfig
from generator.errors import BriefingsError
from generator.history import BriefHistory
from generator.model import Site
from generator.project import PACKAGE, Project
from generator.render.output import ALL_BRIEFS, ALL_HISTORIES, BRIEFS, CONFIG, DATE
from generator.render.translated import Passage

if TYPE_CHECKING:
    from generator.render.editions import Edition


def _sha(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little") + data)
    return digest.hexdigest()


@dataclass(frozen=True)
class Text:
    """The file a brief, an event or a registry is made of."""

    digest: str
    """The SHA-256 of its text."""
    translation: str
    """Its translation's path in a language's folder (`briefs/<id>.yaml`)."""


_EVENTS = "registry:events"
_REGISTRY_TEXTS = frozenset({"registry:sources", "registry:actors", "registry:areas"})
"""The registries whose model is their file's alone (`parties` is the vocabulary's too)."""


class Digests:
    """The digest of each input key of one run, each computed once when first asked for."""

    def __init__(
        self,
        project: Project,
        site: Site,
        config: SiteConfig,
        env: jinja2.Environment,
        histories: dict[str, BriefHistory],
        texts: dict[str, Text] | None = None,
        fields: DiskMemo[str] | None = None,
    ) -> None:
        self.project = project
        self.site = site
        self.config = config
        self.env = env
        self.histories = histories
        self.texts = texts or {}
        """Input key (`brief:<id>`, `event:<id>`, `registry:<name>`) -> the file its model is made of."""
        self.fields = fields
        """Digests kept by the hashes of what they are made of: each brief's part of each
        `field:<name>` digest; in another language, each translated model's."""
        self._known: dict[str, str] = {}
        self.editions: dict[str, Digests] = {}
        """The digests of each other language's inputs, which its outputs name as `<code>|<key>`."""

    def __call__(self, key: str) -> str:
        if key not in self._known:
            code, routed, rest = key.partition("|")
            self._known[key] = (
                self.editions[code](rest) if routed and code in self.editions else self._compute(key)
            )
        return self._known[key]

    def fingerprint(self, keys: Iterable[str]) -> str:
        """One digest of these inputs, in any order (each key length-prefixed, each digest of
        64 hex digits: one text, hashed once, says which inputs had which digests)."""
        named = "".join(f"{len(key)}:{key}{self(key)}" for key in sorted(keys))
        return hashlib.sha256(named.encode("utf-8", "surrogatepass")).hexdigest()

    def _compute(self, key: str) -> str:
        known = self._from_texts(key)
        return known if known is not None else self._from_models(key)

    def _from_texts(self, key: str) -> str | None:
        """The digest of a brief, an event or a registry from its file's hash, when known."""
        text = self.texts.get(key)
        if text is not None and (key.partition(":")[0] in ("brief", "event") or key in _REGISTRY_TEXTS):
            return _sha("text", key, text.digest)
        if key == _EVENTS and all(f"event:{k}" in self.texts for k in self.site.records):
            return _sha("texts", *(self(f"event:{k}") for k in sorted(self.site.records)))
        return None

    def _from_models(self, key: str) -> str:
        kind, _, name = key.partition(":")
        site = self.site
        if key == CONFIG:  # `engine` (the engine's own keys) is not in the repr: no page shows it
            return _sha(repr(dataclasses.replace(self.config, today=dt.date.min)))
        if key == DATE:
            return _sha(self.config.today.isoformat())
        if key == BRIEFS:  # which briefs, in which order, in which area
            return _sha(*(f"{b.id} {b.area}" for b in site.briefs))
        if key == ALL_BRIEFS:
            return _sha(*(self(f"brief:{b.id}") for b in site.briefs))
        if key == ALL_HISTORIES:
            return _sha(*(self(f"history:{b}") for b in sorted(self.histories)))
        if kind == "brief" and name in site.paths:
            return _sha(site.paths[name], site.brief(name).model_dump_json())
        if kind == "field" and name in Brief.model_fields:
            return _sha(*(self._field(b, name) for b in site.briefs))
        if kind == "event" and name in site.records:
            return _sha(site.records[name].model_dump_json())
        if kind == "history" and name in self.histories:
            return _sha(repr(self.histories[name]))
        if kind == "registry":
            return self._registry(name)
        if kind == "template":
            return self._template(name)
        if kind == "file":
            return self._file(name)
        return _sha("unknown", key, str(id(self)))  # never equal to an earlier run's

    def _field(self, brief: Brief, name: str) -> str:
        """One brief's part of a field's digest: kept in `fields` under the hashes of what the
        brief is made of, so only an edited brief's field is serialized again."""
        key = self._field_key(brief.id, name)
        if key is None or self.fields is None:
            return self._field_value(brief, name)
        found = self.fields.known(key)
        return found if found is not None else self.fields.keep(key, self._field_value(brief, name))

    def _field_key(self, brief_id: str, name: str) -> str | None:
        text = self.texts.get(f"brief:{brief_id}")
        return None if text is None else text_key("field", name, text.digest)

    def _field_value(self, brief: Brief, name: str) -> str:
        return _sha(brief.model_dump_json(include={name}))

    def _registry(self, name: str) -> str:
        site = self.site
        if name == "sources":
            return _sha(*(s.model_dump_json() for s in site.sources.values()))
        if name == "actors":
            return _sha(*(a.model_dump_json() for a in site.actors.values()))
        if name == "areas":
            return _sha(*(a.model_dump_json() for a in site.areas))
        if name == "parties":
            return _sha(repr(site.vocabulary))
        if name == "events":
            return _sha(*(e.model_dump_json() for e in site.records.values()))
        return _sha("unknown registry", name, str(id(self)))

    def _template(self, name: str) -> str:
        loader = self.env.loader
        assert loader is not None
        try:
            source, filename, _ = loader.get_source(self.env, name)
        except jinja2.TemplateNotFound:
            return _sha("missing template", name)
        return _sha(str(filename), source)

    def _file(self, name: str) -> str:
        if name.startswith("<package>/"):
            path = PACKAGE / name.removeprefix("<package>/")
        else:
            path = self.project.root / name
        try:
            return _sha(self.project.read(path))
        except (OSError, BriefingsError):  # rendering reads it again, and reports why it cannot
            return _sha("unreadable", name, str(id(self)))


class EditionDigests(Digests):
    """The digests of one other language's inputs: of its translated model, with the state of
    each translated text in it (a translation out of date is marked on the page, so its
    state is part of what the page is made from), and of its hand-written pages."""

    def __init__(
        self,
        project: Project,
        edition: Edition,
        env: jinja2.Environment,
        histories: dict[str, BriefHistory],
        texts: dict[str, Text] | None = None,
        translations: dict[str, str] | None = None,
        fields: DiskMemo[str] | None = None,
    ) -> None:
        super().__init__(project, edition.site, edition.config, env, histories, texts, fields)
        self.edition = edition
        self.translations = translations or {}
        """A translation file's path in the language's folder -> the SHA-256 of its text."""

    def _from_texts(self, key: str) -> str | None:
        """The language's model of a file is made of it and of its translation (each unit's
        text and state): its digest, from the model, is kept under both hashes, so only a
        changed file's is computed, and a source edit that leaves the page as it was (a
        translation already out of date) renders nothing in this language."""
        text = self.texts.get(key)
        if key == _EVENTS or text is None or self.fields is None:
            return super()._from_texts(key) if key == _EVENTS else None
        if key.partition(":")[0] not in ("brief", "event") and key not in _REGISTRY_TEXTS:
            return None
        translation = self.translations.get(text.translation, "none")
        kept = text_key("language", self.edition.code, key, text.digest, translation)
        found = self.fields.known(kept)
        return found if found is not None else self.fields.keep(kept, self._from_models(key))

    def _from_models(self, key: str) -> str:
        kind, _, name = key.partition(":")
        if kind == "translation":
            return _sha("translation", self.edition.page_digest(name))
        base = super()._from_models(key)
        if kind == "field":  # each brief's part holds its marked texts' states
            return base
        marked = ";".join(states(self._values(kind, name)))
        return _sha(base, marked) if marked else base

    def _field_key(self, brief_id: str, name: str) -> str | None:
        key = super()._field_key(brief_id, name)
        text = self.texts.get(f"brief:{brief_id}")
        if key is None or text is None:
            return None
        return text_key(key, self.edition.code, self.translations.get(text.translation, "none"))

    def _field_value(self, brief: Brief, name: str) -> str:
        return _sha(super()._field_value(brief, name), ";".join(states(getattr(brief, name, None))))

    def _values(self, kind: str, name: str) -> Any:
        site = self.site
        if kind == "brief" and name in site.paths:
            return site.brief(name)
        if kind == "field":
            return [getattr(b, name, None) for b in site.briefs]
        if kind == "event":
            return site.records.get(name)
        if kind == "registry":
            registries = {
                "actors": site.actors,
                "areas": site.areas,
                "parties": site.vocabulary.parties,
                "events": site.records,
            }
            return registries.get(name)
        return None


def states(value: Any, path: str = "") -> Iterator[str]:
    """Where in `value` (a model, a list, a mapping) a marked text is, and its state."""
    if isinstance(value, Passage):
        yield f"{path}={value.state}"
    elif isinstance(value, BaseModel):
        yield from states({**value.__dict__, **(value.__pydantic_extra__ or {})}, path)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from states(item, f"{path}.{key}")
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from states(item, f"{path}.{i}")
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        yield from states(vars(value), path)
