"""Reading answers files: YAML (.yml/.yaml), JSON (.json) or TOML (.toml).

Parsers are imported only when a file of their kind is read, so that
`scaffold --help` does not pay for them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from scaffold.errors import AnswersFileError

__all__ = ["RECORD_MARKER", "SUFFIXES", "load_answers_file"]

SUFFIXES = (".yml", ".yaml", ".json", ".toml")

#: The key that marks a file as a project's `.scaffold.yml` record rather than plain answers.
RECORD_MARKER = "scaffold_version"


def load_answers_file(path: Path) -> dict[str, Any]:
    """The mapping of answers in `path`; an error names the file and what is wrong with it."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise AnswersFileError(
            f"{path}: unknown answers file type '{suffix or '(none)'}'; use .yml, .yaml, .json or .toml"
        )
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AnswersFileError(f"{path}: no such answers file") from None
    except IsADirectoryError:
        raise AnswersFileError(f"{path}: is a folder, not an answers file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise AnswersFileError(f"{path}: cannot be read ({exc})") from None
    data = _parse(path, suffix, text)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise AnswersFileError(f"{path}: expected a mapping of answer keys to values, got {type(data).__name__}")
    if RECORD_MARKER in data:
        # A project's .scaffold.yml: its answers are under `answers`; the
        # decision and version beside them are a record, not input.
        answers = data.get("answers")
        if not isinstance(answers, dict):
            raise AnswersFileError(f"{path}: a scaffold record must hold an 'answers' mapping")
        return answers
    return data


def _parse(path: Path, suffix: str, text: str) -> Any:
    if suffix == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise AnswersFileError(
                f"{path}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
            ) from None
    if suffix == ".toml":
        import tomllib

        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise AnswersFileError(f"{path}: invalid TOML: {exc}") from None
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        where = ""
        mark = getattr(exc, "problem_mark", None)
        if mark is not None:
            where = f" at line {mark.line + 1}, column {mark.column + 1}"
        problem = getattr(exc, "problem", None) or str(exc)
        raise AnswersFileError(f"{path}: invalid YAML{where}: {problem}") from None
