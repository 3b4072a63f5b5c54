"""Answers: the validated, typed record of what the user needs.

Answers come from three sources with an explicit precedence, highest first:
`--set KEY=VALUE`, then an answers file, then each question's default. Every
key and value is checked against `questions.QUESTIONS`; an unknown key is an
error (cookiecutter and copier drop them in silence, which bites CI users).
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import unicodedata
from collections import ChainMap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from scaffold.errors import InvalidAnswerError
from scaffold.questionnaire.questions import NEED_KEYS, QUESTIONS, Kind, Question, Value, by_key

__all__ = ["Answers", "check_key", "coerce", "needs_of", "parse_assignment", "resolve", "shown", "text_problem"]


def _declared(key: str) -> Any:
    """An answer's field default: its question's declared default.

    A default computed from earlier answers is computed from the other declared
    defaults (the slug of "My Project", the extras of a fullstack project), and
    the Python from this machine, when an `Answers` is built without one.
    """
    question = by_key(key)
    if not callable(question.default):
        return field(default=question.default)
    computed = question.default
    return field(default_factory=lambda: computed(_STATIC_DEFAULTS))


_STATIC_DEFAULTS: dict[str, Value] = {q.key: q.default for q in QUESTIONS if not callable(q.default)}


@dataclass(frozen=True)
class Answers:
    """Every answer key of interface.md, validated; tuples for lists so it is hashable.

    The defaults are the questions' (`questions.QUESTIONS`), never repeated here.
    """

    project_name: str = _declared("project_name")
    project_slug: str = _declared("project_slug")
    description: str = _declared("description")
    author_name: str = _declared("author_name")
    author_email: str = _declared("author_email")
    kind: str = _declared("kind")
    data_source: str = _declared("data_source")
    team: str = _declared("team")
    size: str = _declared("size")
    experience: str = _declared("experience")
    time_to_market: str = _declared("time_to_market")
    existing_stack: bool = _declared("existing_stack")
    flexibility: str = _declared("flexibility")
    features: tuple[str, ...] = _declared("features")
    database: str = _declared("database")
    extras: tuple[str, ...] = _declared("extras")
    python_version: str = _declared("python_version")
    framework: str = _declared("framework")

    def get(self, key: str) -> Value:
        """The answer to one key."""
        value: Value = getattr(self, key)
        return value

    def replace(self, **changes: Value) -> Answers:
        """A copy with some answers changed (not re-validated: the caller passes valid values)."""
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    def as_dict(self) -> dict[str, Value]:
        """The answers as a plain mapping, in question order; lists as lists are left to the caller."""
        return {question.key: self.get(question.key) for question in QUESTIONS}


#: How much of a bad value a message shows: enough to recognise it, never a flood.
_SHOWN_LENGTH = 60


def shown(value: Any) -> str:
    r"""A value as a message quotes it: its repr, escaped, cut short.

    repr escapes control characters (an ANSI escape shows as `\\x1b`, so it
    cannot reach the terminal) and lone surrogates; bidirectional controls,
    which repr leaves in, are escaped too. A value longer than a line (a list
    of 100,000 items) is cut, so that a message stays one line.
    """
    text = "".join(f"\\u{ord(char):04x}" if _is_hidden(char) else char for char in repr(value))
    if len(text) > _SHOWN_LENGTH:
        return f"{text[:_SHOWN_LENGTH]}... ({len(text)} characters)"
    return text


def _is_hidden(char: str) -> bool:
    # Format characters (bidirectional overrides, zero-width ones) change how text around them
    # reads without showing themselves; line and paragraph separators break the line.
    return unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp")


def check_key(key: str, *, source: str) -> Question:
    """The question of `key`, or an error naming the source and the closest key."""
    try:
        return by_key(key)
    except KeyError:
        known = [question.key for question in QUESTIONS]
        close = difflib.get_close_matches(key, known, n=1)
        hint = f"; did you mean {close[0]}?" if close else f"; known keys: {', '.join(known)}"
        name = key if key.isidentifier() and key.isascii() else shown(key)
        raise InvalidAnswerError(f"{source}: {name}: unknown key{hint}") from None


def text_problem(text: str) -> str | None:
    """Why `text` cannot be an answer whatever the key: not valid Unicode, or a character that hides.

    Every text answer is plain text on one line (a name, a description, an
    address): it goes into files, prompts and terminals, where a control
    character (an ANSI escape, a NUL, a line break), a bidirectional override
    or a lone surrogate (which no file can hold) does harm or nothing good.
    """
    for index, char in enumerate(text):
        category = unicodedata.category(char)
        if category == "Cs":
            return (
                f"not valid Unicode text (a lone surrogate at character {index + 1}); write the characters themselves"
            )
        if char in "\n\r" or category in ("Zl", "Zp"):
            return "keep it to one line"
        if category == "Cc" or (category == "Cf" and _is_bidi_control(char)):
            name = unicodedata.name(char, f"U+{ord(char):04X}")
            where = f"U+{ord(char):04X}, at character {index + 1}"
            return f"holds a control character ({name.lower()}, {where}); use plain text"
    return None


def _is_bidi_control(char: str) -> bool:
    # The embeddings, overrides and isolates that reorder text as displayed ("Trojan Source").
    return "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069"


def coerce(question: Question, raw: Any, *, source: str, recorded: bool = False) -> Value:
    """Turn a raw value (from YAML/JSON/TOML or `--set` text) into a valid answer, or raise.

    The error names the source, the key, the bad value, what is allowed and a
    close match when there is one. `recorded`: the value comes from a project's
    own record, checked by the question's `validate_recorded` where it has one.
    """
    key = question.key
    _check_text(raw, key=key, source=source)
    if question.kind is Kind.CONFIRM:
        return _coerce_bool(raw, key=key, source=source)
    if question.kind is Kind.MULTI:
        return _coerce_multi(question, raw, source=source)
    if not isinstance(raw, str):
        if question.kind is Kind.CHOICE and isinstance(raw, int | float) and not isinstance(raw, bool):
            raw = str(raw)  # python_version: 3.12 in YAML is a float
        else:
            raise InvalidAnswerError(f"{source}: {key}: expected text, got {type(raw).__name__} {shown(raw)}")
    text: str = raw
    if question.kind is Kind.CHOICE:
        return _check_choice(question, text, source=source)
    validate = (question.validate_recorded if recorded else None) or question.validate
    if validate is not None:
        problem = validate(text)
        if problem:
            raise InvalidAnswerError(f"{source}: {key}: {problem}")
    return text


def _check_text(raw: Any, *, key: str, source: str) -> None:
    """Refuse text (or text in a list) that no key allows, before anything quotes it in a message."""
    items = raw if isinstance(raw, list | tuple) else [raw]
    for item in items:
        problem = text_problem(item) if isinstance(item, str) else None
        if problem:
            raise InvalidAnswerError(f"{source}: {key}: {problem}")


def _check_choice(question: Question, value: str, *, source: str) -> str:
    if value in question.values:
        return value
    close = _nearest_version(value, question.values) if _is_version(question.values[0]) else None
    if close is None and not _is_version(question.values[0]):
        matches = difflib.get_close_matches(value, question.values, n=1)
        close = matches[0] if matches else None
    hint = f"; did you mean {close}?" if close else ""
    allowed = ", ".join(question.values)
    raise InvalidAnswerError(f"{source}: {question.key}: {shown(value)} is not one of {allowed}{hint}")


def _is_version(text: str) -> bool:
    return re.fullmatch(r"\d+\.\d+", text) is not None


def _nearest_version(value: str, versions: tuple[str, ...]) -> str | None:
    """The allowed version numerically nearest to `value` ("3.10" -> "3.11"), or None.

    Spelling similarity is no guide here: difflib finds "3.13" closest to "3.10".
    """
    if not _is_version(value):
        return None
    major, minor = (int(part) for part in value.split("."))
    same_major = [v for v in versions if int(v.split(".")[0]) == major]
    if not same_major:
        return None
    return min(same_major, key=lambda v: abs(int(v.split(".")[1]) - minor))


_TRUE = frozenset({"true", "yes", "y", "1", "on"})
_FALSE = frozenset({"false", "no", "n", "0", "off"})


def _coerce_bool(raw: Any, *, key: str, source: str) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().lower() in _TRUE | _FALSE:
        return raw.strip().lower() in _TRUE
    raise InvalidAnswerError(f"{source}: {key}: {shown(raw)} is not a yes/no value; use true or false")


def _coerce_multi(question: Question, raw: Any, *, source: str) -> tuple[str, ...]:
    if isinstance(raw, str):
        items: Iterable[Any] = [part.strip() for part in raw.split(",") if part.strip()]
    elif isinstance(raw, list | tuple):
        items = raw
    else:
        raise InvalidAnswerError(f"{source}: {question.key}: expected a list, got {type(raw).__name__} {shown(raw)}")
    chosen: set[str] = set()
    for item in items:
        if not isinstance(item, str):
            raise InvalidAnswerError(
                f"{source}: {question.key}: {shown(item)} is not one of {', '.join(question.values)}"
            )
        chosen.add(_check_choice(question, item, source=source))
    # Question order, not input order: the same set of features is the same answer.
    return tuple(value for value in question.values if value in chosen)


def parse_assignment(text: str) -> tuple[str, str]:
    """Split one `--set KEY=VALUE` into its key and raw value."""
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise InvalidAnswerError(f"--set {text}: expected KEY=VALUE, such as --set kind=api")
    return key.strip(), value


def resolve(layers: Iterable[tuple[str, Mapping[str, Any]]], *, recorded: bool = False) -> dict[str, Value]:
    """Validate answer layers (highest precedence first) into typed values.

    Each layer is `(source name, raw mapping)`. Returns the merged, validated
    answers given (no defaults applied). `recorded`: the layers are a project's
    `.scaffold.yml`, written by this or an earlier release (see `coerce`).
    """
    checked: list[dict[str, Value]] = []
    for source, raw in layers:
        layer: dict[str, Value] = {}
        for key, value in raw.items():
            question = check_key(str(key), source=source)
            layer[question.key] = coerce(question, value, source=source, recorded=recorded)
        checked.append(layer)
    return dict(ChainMap(*checked))


def needs_of(values: Mapping[str, Value]) -> Answers:
    """The answers the decision reads: the needs and the framework override, nothing derived.

    `recommend` uses no slug, so a name whose slug would be refused ("Email")
    must not stop it: unlike `complete`, this derives and checks nothing.
    Every need must be in `values` (the flow gives each its default); the
    other answers take their declared defaults.
    """
    keys = (*NEED_KEYS, "framework")
    return Answers(**{key: values[key] for key in keys if key in values})  # type: ignore[arg-type]
