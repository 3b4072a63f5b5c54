"""Answers from an HTTP request, validated exactly as `--set` and answers files are.

A query string holds the same keys as `--set` (lists comma-separated, or the
key repeated for a list, as an HTML form sends checkboxes); a JSON body is an
object of answers, as an answers file is. Both go through
`scaffold.questionnaire.answers.resolve`, so the messages are the CLI's; each key is checked
alone first so that an error can also name the key it is about.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from scaffold.errors import InvalidAnswerError, UsageError
from scaffold.questionnaire.answers import resolve
from scaffold.questionnaire.gather import complete
from scaffold.questionnaire.questions import Kind, Value, by_key

__all__ = ["BODY", "MAX_BODY_BYTES", "QUERY", "RequestError", "check", "from_json", "from_query", "problems"]

#: Source names in error messages, where the CLI names `--set` or the answers file.
QUERY = "query string"
BODY = "JSON body"

#: Answers are a few hundred bytes; anything past this is refused unread (HTTP 413).
MAX_BODY_BYTES = 64 * 1024


class RequestError(UsageError):
    """A request the API refuses: the HTTP status, and the answer key it is about (if any)."""

    def __init__(self, message: str, *, key: str | None = None, status: int = 400) -> None:
        super().__init__(message)
        self.key = key
        self.status = status

    def to_json_dict(self) -> dict[str, Any]:
        """The error body of the API: `{"error": ..., "key": ...}`."""
        return {"error": self.message, "key": self.key}


def from_query(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The raw answers of a query string's pairs; a list key may repeat, another key may not."""
    raw: dict[str, str] = {}
    for key, value in pairs:
        if key not in raw:
            raw[key] = value
            continue
        try:
            is_list = by_key(key).kind is Kind.MULTI
        except KeyError:
            is_list = False
        if not is_list:
            raise RequestError(f"{QUERY}: {key}: given twice; give it once", key=key)
        raw[key] = f"{raw[key]},{value}" if raw[key] and value else raw[key] or value
    return raw


def from_json(body: bytes) -> dict[str, Any]:
    """The raw answers of a JSON body: an object of answers (an empty body is no answers)."""
    if not body.strip():
        return {}
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise RequestError(f'{BODY}: not valid JSON; send an object of answers, such as {{"kind": "api"}}') from None
    if not isinstance(data, dict):
        raise RequestError(
            f'{BODY}: expected an object of answers, such as {{"kind": "api"}}, got {type(data).__name__}'
        )
    return data


def problems(raw: Mapping[str, Any], source: str) -> tuple[dict[str, Value], dict[str, str]]:
    """Validate each answer alone: the valid values, and a message for each key that is not."""
    values: dict[str, Value] = {}
    errors: dict[str, str] = {}
    for key, value in raw.items():
        try:
            values.update(resolve([(source, {key: value})]))
        except InvalidAnswerError as exc:
            errors[_key_name(key)] = exc.message
    return values, errors


def _key_name(key: Any) -> str:
    """A key as the JSON error names it: a lone surrogate (which UTF-8 cannot encode) spelled as its escape."""
    return str(key).encode("utf-8", "backslashreplace").decode("utf-8")


def check(raw: Mapping[str, Any], source: str, *, for_project: bool = True) -> dict[str, Value]:
    """The validated answers, or a `RequestError` naming the first bad key and the CLI's message.

    With `for_project` (a preview or a zip, as `scaffold new`), a slug derived
    from project_name must be usable too; `recommend` uses no slug, so the
    CLI's recommend does not check it and neither does the API's.
    """
    values, errors = problems(raw, source)
    if errors:
        key, message = next(iter(errors.items()))
        raise RequestError(message, key=key)
    if for_project:
        try:
            complete(values)
        except InvalidAnswerError as exc:
            raise RequestError(exc.message, key="project_name") from None
    return values
