"""Reading answers files: YAML (.yml/.yaml), JSON (.json) or TOML (.toml).

Parsers are imported only when a file of their kind is read, so that
`scaffold --help` does not pay for them.

An answers file, or a project's `.scaffold.yml`, may come from anyone (a
shared repository, a pull request), so it is read as hostile: at most
`MAX_FILE_BYTES`, no YAML anchors or aliases (a few hundred bytes of aliases
expand to gigabytes), nesting at most `MAX_DEPTH` deep (a 100k-deep JSON list
overflows the parsers' recursion), and no text that is not valid Unicode (a
lone surrogate, which no file encoding can hold, cannot even be printed).
Each refusal is one line naming the file, and the key where there is one.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from scaffold.errors import AnswersFileError

__all__ = ["MAX_DEPTH", "MAX_FILE_BYTES", "RECORD_MARKER", "SUFFIXES", "load_answers_file", "read_mapping"]

SUFFIXES = (".yml", ".yaml", ".json", ".toml")

#: The key that marks a file as a project's `.scaffold.yml` record rather than plain answers.
RECORD_MARKER = "scaffold_version"

#: An answers file is a few hundred bytes, a record about one kilobyte: anything past this is refused unread.
MAX_FILE_BYTES = 1024 * 1024

#: A record nests three deep (record, answers, a list of features): anything past this is no answers file.
MAX_DEPTH = 16


def load_answers_file(path: Path) -> dict[str, Any]:
    """The mapping of answers in `path`; an error names the file and what is wrong with it."""
    data = read_mapping(path)
    if RECORD_MARKER in data:
        # A project's .scaffold.yml: its answers are under `answers`; the
        # decision and version beside them are a record, not input.
        answers = data.get("answers")
        if not isinstance(answers, dict):
            raise AnswersFileError(f"{path}: a scaffold record must hold an 'answers' mapping")
        return answers
    return data


def read_mapping(path: Path) -> dict[str, Any]:
    """The whole mapping in `path` (a record's version and decision included), read as hostile input.

    Raises:
        AnswersFileError: the file is missing, too big, not UTF-8, not parseable,
            uses YAML aliases, nests too deep, holds text that is not valid
            Unicode, or is not a mapping. One line, naming the file.
    """
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise AnswersFileError(
            f"{path}: unknown answers file type '{suffix or '(none)'}'; use .yml, .yaml, .json or .toml"
        )
    data = _parse(path, suffix, _read_text(path))
    if data is None:
        return {}
    _check_tree(path, data)
    if not isinstance(data, dict):
        raise AnswersFileError(f"{path}: expected a mapping of answer keys to values, got {type(data).__name__}")
    return data


def _read_text(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise AnswersFileError(f"{path}: no such answers file") from None
    except IsADirectoryError:
        raise AnswersFileError(f"{path}: is a folder, not an answers file") from None
    except OSError as exc:
        raise AnswersFileError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if len(data) > MAX_FILE_BYTES:
        raise AnswersFileError(f"{path}: over 1 MiB; an answers file is a few hundred bytes, so it was not read")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise AnswersFileError(
            f"{path}: cannot be read: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None


def _too_deep(path: Path) -> AnswersFileError:
    return AnswersFileError(f"{path}: nested more than {MAX_DEPTH} levels deep; an answers file is a flat mapping")


def _parse(path: Path, suffix: str, text: str) -> Any:
    if suffix == ".json":
        try:
            return json.loads(text)
        except RecursionError:
            raise _too_deep(path) from None
        except json.JSONDecodeError as exc:
            raise AnswersFileError(
                f"{path}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
            ) from None
    if suffix == ".toml":
        import tomllib  # lazy: a pure-Python parser, loaded only for a .toml file

        try:
            return tomllib.loads(text)
        except RecursionError:
            raise _too_deep(path) from None
        except tomllib.TOMLDecodeError as exc:
            raise AnswersFileError(f"{path}: invalid TOML: {_first_line(str(exc))}") from None
    return _parse_yaml(path, text)


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else text


def _parse_yaml(path: Path, text: str) -> Any:
    import yaml  # lazy: PyYAML costs ~15 ms to import, for YAML files only

    class StrictLoader(yaml.SafeLoader):
        """PyYAML's safe loader, refusing aliases and counting depth as it composes the document."""

        depth = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise AnswersFileError(
                    f"{path}: line {mark.line + 1}: YAML aliases (*name) are not accepted in answers files; "
                    "write each value out"
                )
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise _too_deep(path)
            try:
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1

    try:
        return yaml.load(text, Loader=StrictLoader)  # noqa: S506 - a SafeLoader, stricter still
    except RecursionError:
        raise _too_deep(path) from None
    except yaml.YAMLError as exc:
        where = ""
        mark = getattr(exc, "problem_mark", None)
        if mark is not None:
            where = f" at line {mark.line + 1}, column {mark.column + 1}"
        # The problem alone: PyYAML's full text quotes the context over several lines.
        problem = getattr(exc, "problem", None) or _first_line(str(exc))
        raise AnswersFileError(f"{path}: invalid YAML{where}: {problem}") from None


def _check_tree(path: Path, data: Any) -> None:
    """Refuse nesting past `MAX_DEPTH` and text that is not valid Unicode, naming the key it is under.

    Iterative, not recursive: the point is to survive what would overflow a recursion.
    """
    pending: list[tuple[Any, str, int]] = [(data, "", 0)]
    while pending:
        value, where, depth = pending.pop()
        if depth > MAX_DEPTH:
            raise _too_deep(path)
        if isinstance(value, dict):
            for key, item in value.items():
                name = f"{where}.{key}" if where else str(key)
                if isinstance(key, str) and not _is_unicode(key):
                    raise AnswersFileError(f"{path}: a key is not valid Unicode text (a lone surrogate): {ascii(key)}")
                pending.append((item, name, depth + 1))
        elif isinstance(value, list):
            pending.extend((item, where, depth + 1) for item in value)
        elif isinstance(value, str) and not _is_unicode(value):
            raise AnswersFileError(
                f"{path}: {where or '(the document)'}: not valid Unicode text (it holds a lone surrogate, "
                "such as \\ud800); write the characters themselves"
            )


def _is_unicode(text: str) -> bool:
    """Whether `text` can be encoded at all: a lone surrogate (from a JSON or YAML escape) cannot."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
