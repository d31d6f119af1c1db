"""Safe YAML: libyaml's event parser, built into plain values by one bounded loop.

That loop (`Builder`) is the whole safety story:

* only the standard YAML tags are accepted, so nothing can be executed;
* a duplicate key is a problem (PyYAML would silently keep the last one);
* nesting depth and the size after alias expansion are bounded, so neither
  a deep `[[[[...` (which crashes libyaml's recursive composer) nor an alias
  bomb can exhaust the stack or memory;
* empty input and several documents are refused with a message;
* a number in base 60 (`1:2:3`, YAML 1.1) is refused before it is built: never
  what content means, and PyYAML builds a long one in quadratic time.

With `record=True` the same loop also records where each value and key
starts; `load.Positions` uses that on the slow path, for files with a problem.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml
from yaml import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from generator.errors import BriefingsError, FieldPath, Problem, format_path

MAX_DEPTH = 32
"""Deepest nesting accepted; a brief needs 5 levels."""
MAX_VALUES = 100_000
"""Most values a file may hold once aliases are expanded."""

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
    "!",
}
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_STR = "tag:yaml.org,2002:str"

Mark = tuple[int, int]
"""0-based (line, column) as libyaml reports them."""


class LoadError(BriefingsError):
    """The file cannot be turned into data; carries the place of the problem."""

    def __init__(
        self, message: str, mark: Mark, hint: str | None = None, code: str = "yaml", where: FieldPath = ()
    ):
        # The parser sees text, not a file: the loader that called it adds the file name.
        super().__init__(
            message, line=mark[0] + 1, column=mark[1] + 1, path=format_path(where), hint=hint, code=code
        )
        self.mark = mark
        self.where = where
        """The field whose value could not be read, when there is one (e.g. `review_by`)."""


ParseResult = tuple[Any, list[tuple[Problem, Mark]]]


def parse(text: str, foreign_tags: bool = False) -> ParseResult:
    """Parse one YAML document into plain values and its duplicate-key problems.

    With `foreign_tags`, values under other programs' tags read as null (for
    an engine's configuration file).  Raises LoadError when the text cannot be
    turned into data at all.
    """
    builder = Builder(text, record=False, foreign_tags=foreign_tags)
    data = builder.run()
    return data, builder.duplicates


class _Frame:
    """An open mapping or sequence while building."""

    __slots__ = ("aliased", "anchor", "container", "key", "mapping", "size", "start")

    def __init__(self, container: dict[str, Any] | list[Any], anchor: str | None, start: Any):
        self.container: Any = container
        self.mapping = isinstance(container, dict)
        """Whether `container` is a dict (else a list): tested on every value."""
        self.start = start
        """libyaml's mark of where it opens (made a `Mark` only for a problem)."""
        self.key: str | None = None
        """In a mapping, the key whose value comes next (None: a key comes next)."""
        self.size = 1
        self.aliased = False
        self.anchor = anchor


class Builder:
    """Turns libyaml events into plain values; one pass, no recursion.

    Content is mostly keys and plain text (half a million scalars at 1,000 briefs), so the
    loop handles a plain key or value without a call (the methods handle the rest: tags,
    anchors, duplicates, recording), and a field's path is worked out from the open
    containers only when it is needed: a problem, or recording positions."""

    def __init__(self, text: str, record: bool, foreign_tags: bool = False):
        self.text = text
        self.record = record
        self.foreign_tags = foreign_tags
        """Read values under tags of other programs (`!ENV`, `!!python/name:`) as null, not refuse them."""
        self.value_marks: dict[FieldPath, Mark] = {}
        self.key_marks: dict[FieldPath, Mark] = {}
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.values = 0
        self.duplicates: list[tuple[Problem, Mark]] = []
        self.stack: list[_Frame] = []
        """The open containers, outermost first."""
        self.documents = 0

    def run(self) -> Any:
        parser = yaml.CSafeLoader(self.text)
        try:
            return self._consume(parser)
        except yaml.MarkedYAMLError as err:
            mark = err.problem_mark or err.context_mark
            where = (mark.line, mark.column) if mark else (0, 0)
            problem = err.problem or err.context or "invalid YAML"
            quote = _runaway_quote(self.text, err, where)
            if quote is not None and quote[0] < where[0]:
                # Root cause first: libyaml gives up where the runaway text finally broke the
                # structure, often many lines on; the mistake is the quote that never closed.
                raise LoadError(
                    f"the quoted text opened here runs on to line {where[0] + 1}, where the YAML "
                    f"stops making sense ({problem})",
                    quote,
                    'close the quote on this line (a quote inside the text is written \\")',
                    code="yaml-syntax",
                ) from None
            if "maximum nesting depth" in problem:  # libyaml's own bound (PyYAML >= 6.0.4), far above ours
                raise LoadError(
                    f"the data is nested more than {MAX_DEPTH} levels deep",
                    _deeper_than(self.text, MAX_DEPTH) or where,
                    "a brief needs only a few levels; check the brackets and indentation",
                    code="too-deep",
                ) from None
            bracket = _unclosed_bracket(err, where)
            if bracket is not None:
                # Root cause first, as for quotes: the bracket that never closed, not the line
                # where libyaml noticed.
                opener, opened_at = bracket
                closer = "]" if opener == "[" else "}"
                raise LoadError(
                    f"the `{opener}` opened here is not closed before line {where[0] + 1} ({problem})",
                    opened_at,
                    f"close it with `{closer}` on this line, or write the items as an indented list",
                    code="yaml-syntax",
                ) from None
            key = err.context_mark if err.context == "while scanning a simple key" else None
            if key is not None and key.line < where[0]:
                # Root cause first: a key without its `:` is noticed only on the next line.
                raise LoadError(
                    f"YAML syntax error: this line has no `:` after its key ({problem})",
                    (key.line, key.column),
                    "write `key: value`, with a space after the colon",
                    code="yaml-syntax",
                ) from None
            hint = "check the indentation and quoting around this place"
            if "tab character" in problem:
                hint = "indent with spaces: YAML does not allow tabs for indentation"
            raise LoadError(f"YAML syntax error: {problem}", where, hint, code="yaml-syntax") from None
        except yaml.reader.ReaderError as err:  # a raw control character, placed where it is
            raise LoadError(
                f"the file holds a control character (U+{err.character:04X}), which YAML does not allow",
                _byte_mark(self.text, err.position),
                "remove it (an editor may show it as nothing, or as ^G or similar); "
                "tab and newline are the only control characters a text may hold",
                code="control-character",
            ) from None
        except yaml.YAMLError as err:  # anything else libyaml refuses before parsing
            raise LoadError(
                f"YAML error: {err}", (0, 0), "save the file as plain UTF-8 YAML text", code="yaml-syntax"
            ) from None
        finally:
            parser.dispose()

    def _consume(self, parser: Any) -> Any:
        get_event, stack, fast = parser.get_event, self.stack, not self.record
        top: _Frame | None = None  # stack[-1]: most events are scalars added to it
        root: Any = None
        while True:
            event = get_event()
            kind = event.__class__
            if kind is ScalarEvent:
                if top is not None and top.mapping and top.key is None:
                    if fast and event.tag is None and event.value not in top.container:
                        top.key = event.value  # the common case of `_key`, inline
                        self.values += 1
                        if self.values > MAX_VALUES:
                            raise _too_large(_mark(event))
                    else:
                        self._key(top, event)
                    continue
                if fast and event.tag is None and event.anchor is None:  # the common case, inline
                    value = event.value
                    # Not quoted, and not text: `_resolve` only for what may be another type.
                    if (
                        event.implicit[0]
                        and (value[:1] in _BY_START or _ANY_START)
                        and _resolve(value) != _STR
                    ):
                        value = self._typed(event)
                else:
                    value = self._scalar(event)
                size = 1
                self.values += 1
                if self.values > MAX_VALUES:
                    raise _too_large(_mark(event))
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                top = self._open(event)
                continue
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                value, size, start = self._close()
                top = stack[-1] if stack else None
            elif kind is AliasEvent:
                value, size, start = self._alias(event, top)
            elif self._document(event):
                break
            else:
                continue
            if top is None:
                root = value
            elif not top.mapping:
                top.container.append(value)
                top.size += size
            elif top.key is None:  # a container or an alias where a key belongs
                raise _complex_key((start.line, start.column))
            else:
                top.container[top.key] = value
                top.key = None
                top.size += size
        if self.documents == 0 or root is None:
            raise LoadError("the file is empty", (0, 0), "start from `briefings new`", code="empty")
        return root

    def _document(self, event: Any) -> bool:
        """True at the end of the stream; refuses a second document."""
        if event is None or isinstance(event, yaml.StreamEndEvent):
            return True
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise LoadError(
                    "the file holds more than one YAML document",
                    _mark(event),
                    "remove the `---` line: one file holds one brief",
                    code="multiple-documents",
                )
        return False

    def _key(self, frame: _Frame, event: Any) -> None:
        """A scalar where a mapping's key belongs: kept as text, whatever it looks like."""
        if event.tag is not None:
            self._check_tag(event)
        self.values += 1
        if self.values > MAX_VALUES:
            raise _too_large(_mark(event))
        key = event.value
        frame.key = key
        if key in frame.container:
            self.duplicates.append(
                (
                    Problem(
                        (*_path(self.stack[:-1]), key),
                        f"duplicate key `{key}`: it already appears above in this mapping",
                        "remove one of the two; YAML would silently keep only the last",
                        code="duplicate-key",
                        at_key=True,
                    ),
                    _mark(event),
                )
            )
        if self.record:
            self.key_marks[_path(self.stack)] = _mark(event)

    def _open(self, event: Any) -> _Frame:
        if event.tag is not None:
            self._check_tag(event)
        if len(self.stack) >= MAX_DEPTH:
            raise LoadError(
                f"the data is nested more than {MAX_DEPTH} levels deep",
                _mark(event),
                "a brief needs only a few levels; check the brackets and indentation",
                code="too-deep",
            )
        if self.record:
            self.value_marks[_path(self.stack)] = _mark(event)
        frame = _Frame({} if event.__class__ is MappingStartEvent else [], event.anchor, event.start_mark)
        self.stack.append(frame)
        return frame

    def _close(self) -> tuple[Any, int, Any]:
        """The container that ends: (it, its size, libyaml's mark of where it starts)."""
        frame = self.stack.pop()
        if frame.anchor is not None:
            self.anchors[frame.anchor] = (frame.container, frame.size)
        # Its contents were counted as they came, so plain content counts each value once;
        # a container holding aliases counts its expanded size again (conservative).
        self.values += frame.size if frame.aliased else 1
        if self.values > MAX_VALUES:
            raise _too_large((frame.start.line, frame.start.column))
        return frame.container, frame.size, frame.start

    def _alias(self, event: Any, top: _Frame | None) -> tuple[Any, int, Any]:
        if event.anchor not in self.anchors:
            raise LoadError(
                f"unknown alias `*{event.anchor}`",
                _mark(event),
                f"define `&{event.anchor}` on a value above it, or write the value out",
                code="yaml-syntax",
            )
        value, size = self.anchors[event.anchor]
        if top is not None:
            top.aliased = True
        self.values += size
        if self.values > MAX_VALUES:
            raise _too_large(_mark(event))
        return value, size, event.start_mark

    def _typed(self, event: Any) -> Any:
        """A plain scalar that YAML reads as a date, number, boolean or null; a date once per text."""
        built = _DATES.get(event.value, _MISSING)
        if built is _MISSING:
            built = self._scalar(event)
            if isinstance(built, dt.date) and len(event.value) <= 64:
                if len(_DATES) >= _DATES_MAX:
                    _DATES.clear()
                _DATES[event.value] = built
        return built

    def _scalar(self, event: Any) -> Any:
        """A scalar value, whatever its tag, anchor or style."""
        foreign = self._check_tag(event)
        if self.record:
            self.value_marks[_path(self.stack)] = _mark(event)
        if foreign:
            return None
        tag = event.tag
        if tag is None or tag == "!":
            tag = _resolve(event.value) if event.implicit[0] else _STR  # quoted: always text
        if tag == _STR:
            value = event.value
        elif tag in _NUMBER_TAGS and ":" in event.value:
            raise _base_60(event)
        else:
            try:
                value = _construct(tag, event)
            except _UNBUILDABLE as err:
                raise _bad_scalar(event, tag, err, _path(self.stack)) from None
        if event.anchor is not None:
            self.anchors[event.anchor] = (value, 1)
        return value

    def _check_tag(self, event: Any) -> bool:
        """Refuse a tag that is not standard YAML; True if it is one tolerated as foreign."""
        tag = event.tag
        if tag is None or tag in _STANDARD_TAGS:
            return False
        if self.foreign_tags:
            return True
        shown = tag.replace("tag:yaml.org,2002:", "!!")
        raise LoadError(
            f"the tag `{shown}` is not allowed",
            _mark(event),
            "remove the tag: content files hold plain text, numbers, dates, lists and mappings",
            code="custom-tag",
        )


def _path(frames: list[_Frame]) -> FieldPath:
    """The field path of the value the innermost of `frames` takes next."""
    return tuple((f.key if f.key is not None else "?") if f.mapping else len(f.container) for f in frames)


def _complex_key(mark: Mark) -> LoadError:
    return LoadError(
        "a key must be plain text, not a list or a mapping",
        mark,
        "write the key as a word followed by a colon, e.g. `title:`",
        code="complex-key",
    )


def _too_large(mark: Mark) -> LoadError:
    return LoadError(
        f"the file expands to more than {MAX_VALUES:,} values",
        mark,
        "aliases (`*name`) that repeat large blocks are not allowed",
        code="too-large",
    )


# PyYAML's own table of implicit types (YAML 1.1: `yes`, `0x1F`, `2024-11-07`, `~`, ...), by
# the first character of the text; `_resolve` is `Resolver.resolve` for a plain scalar, without
# its generality (path resolvers, which no safe loader has), so text is recognised in one
# dictionary look-up (`tests/test_load.py` compares the two).
_IMPLICIT: dict[Any, list[tuple[str, re.Pattern[str]]]] = yaml.resolver.Resolver.yaml_implicit_resolvers
_ANY_START = tuple(_IMPLICIT.get(None, ()))
_BY_START = {start: tuple(found) + _ANY_START for start, found in _IMPLICIT.items() if start is not None}


def _resolve(value: str) -> str:
    """The tag YAML gives a plain (unquoted, untagged) scalar: text unless it looks like another type."""
    for tag, pattern in _BY_START.get(value[:1], _ANY_START):
        if pattern.match(value):
            return tag
    return _STR


def _construct(tag: str, event: Any) -> Any:
    """The value of a scalar of a standard, non-text tag, as PyYAML's safe constructor builds it."""
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark)
    try:
        return _CONSTRUCTOR.construct_object(node)
    finally:  # it remembers every node it built: forget this one, or a long-lived process grows
        _CONSTRUCTOR.constructed_objects.pop(node, None)
        _CONSTRUCTOR.recursive_objects.pop(node, None)


_DATES: dict[str, dt.date] = {}
"""Dates already built, by their text: a text always builds the same (immutable) date, and a
corpus repeats its dates (the 30,000 of 1,000 briefs' corpus are about 1,500 texts).  Errors
are never kept: a bad date is reported where it is, each time."""
_DATES_MAX = 4096
_MISSING = object()


def _runaway_quote(text: str, err: yaml.MarkedYAMLError, where: Mark) -> Mark | None:
    """Where a quoted scalar that spans lines opened, if it runs right up to the error at `where`."""
    if err.context and "quoted scalar" in err.context and err.context_mark is not None:
        return (err.context_mark.line, err.context_mark.column)  # the stream ended inside it
    last: Mark | None = None
    try:
        for token in yaml.scan(text, Loader=yaml.CSafeLoader):
            if token.start_mark.line > where[0]:
                break
            if (
                isinstance(token, yaml.ScalarToken)
                and token.style in ('"', "'")
                and token.end_mark.line > token.start_mark.line
                and token.end_mark.line >= where[0] - 1  # it ran into the error, not an earlier legit one
            ):
                last = (token.start_mark.line, token.start_mark.column)
    except yaml.YAMLError:
        pass  # the same error again: the tokens before it are what we wanted
    return last


_OPENS = (
    yaml.BlockMappingStartToken,
    yaml.BlockSequenceStartToken,
    yaml.FlowMappingStartToken,
    yaml.FlowSequenceStartToken,
)
_CLOSES = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)


def _deeper_than(text: str, limit: int) -> Mark | None:
    """Where the first collection nested more than `limit` levels deep opens (the root is level 1)."""
    depth = 0
    try:
        # The pure-Python scanner: libyaml's refuses the whole flow collection at once.
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if isinstance(token, _OPENS):
                depth += 1
                if depth > limit:
                    return (token.start_mark.line, token.start_mark.column)
            elif isinstance(token, _CLOSES):
                depth -= 1
    except yaml.YAMLError:
        pass  # the error being reported; the tokens before it are what we wanted
    return None


def _unclosed_bracket(err: yaml.MarkedYAMLError, where: Mark) -> tuple[str, Mark] | None:
    """The `[` or `{` of a flow collection that runs on past its line into the error at `where`."""
    context, mark = err.context or "", err.context_mark
    if mark is None or mark.line >= where[0] or not context.startswith("while parsing a flow"):
        return None
    return ("[" if "sequence" in context else "{"), (mark.line, mark.column)


_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


def _base_60(event: Any) -> LoadError:
    """YAML 1.1 reads `12:30` as the base-60 number 750: never what content means, and PyYAML
    builds a long one in quadratic time (CVE-2026-142207: seconds per 100 KB), so it is
    refused before it is built."""
    return LoadError(
        f"`{_short(event.value)}` would be read as a number in base 60 "
        "(YAML's rule for digits joined by `:`)",
        _mark(event),
        'a date is written 2024-11-07; to keep it as text, quote it, e.g. "12:30"',
        code="base-60-number",
    )


def _short(text: str) -> str:
    """A value quoted in a message: its first 37 characters and "..." when it is longer than 40."""
    return text if len(text) <= 40 else text[:37] + "..."


_UNBUILDABLE = (
    ValueError,
    OverflowError,
    yaml.constructor.ConstructorError,
    LookupError,
    AttributeError,
    TypeError,
)
"""What PyYAML's constructors raise for a text their tag cannot hold: `2024-02-30`, and, under an
explicit tag, `!!bool maybe` (a KeyError) or `!!timestamp soon` (an AttributeError)."""


def _bad_scalar(event: Any, tag: str, err: Exception, where: FieldPath) -> LoadError:
    """A value YAML resolves to a date or number that cannot be built, at its field."""
    if tag.endswith(":timestamp"):
        return LoadError(
            f"`{event.value}` is not a real calendar date",
            _mark(event),
            "check the month and day, written as YYYY-MM-DD",
            code="bad-date",
            where=where,
        )
    if not isinstance(err, ValueError | OverflowError | yaml.YAMLError):  # PyYAML's own lookup failed
        return LoadError(
            f"`{_short(event.value)}` cannot be read as {tag.rsplit(':', 1)[-1]}",
            _mark(event),
            "remove the tag, or quote the value to keep it as text",
            code="bad-value",
            where=where,
        )
    return LoadError(
        f"`{event.value}` cannot be read as {tag.rsplit(':', 1)[-1]}: {err}",
        _mark(event),
        "quote it to keep it as text",
        code="bad-value",
        where=where,
    )


def _byte_mark(text: str, offset: int) -> Mark:
    """The (line, column) of a UTF-8 byte offset into `text` (libyaml's reader counts bytes)."""
    before = text.encode("utf-8")[:offset].decode("utf-8", "replace")
    return before.count("\n"), len(before) - (before.rfind("\n") + 1)


def _mark(event: Any) -> Mark:
    return (event.start_mark.line, event.start_mark.column)
