"""The questionnaire as people and scripts read it: the schema, the answers summary, the Python note. Pure text out.

`scaffold questions` prints the schema (text or JSON, the contract's shape);
`scaffold new` shows the summary before it renders. Nothing here prompts or
validates: the declarations are `questions.QUESTIONS`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from scaffold.questionnaire.questions import QUESTIONS, Question, Value

__all__ = ["format_value", "python_note", "questions_json", "questions_schema", "questions_text", "summary_text"]


def _default_repr(question: Question, earlier: Mapping[str, Value]) -> Value | str:
    """The default as the schema shows it: a value, computed from the earlier questions' defaults.

    The slug keeps the words it has always had here ("derived from project_name"): answers
    files and scripts read that. Other computed defaults (extras by kind, the Python found on
    this machine) give the value they take when nothing is answered, so `default` keeps the
    type of the answer; `default_note` says how it is computed.
    """
    if question.key == "project_slug":
        return question.default_text
    return question.default_for(earlier)


def _asked_when(question: Question) -> str:
    if question.when is None:
        return "always"
    doc = (question.when.__doc__ or "").strip()
    return doc or "when earlier answers make it matter"


def questions_schema() -> list[dict[str, Any]]:
    """Every answer key with its kind, choices, default and help, in asking order."""
    schema: list[dict[str, Any]] = []
    earlier: dict[str, Value] = {}
    for question in QUESTIONS:
        default = _default_repr(question, earlier)
        earlier[question.key] = question.default_for(earlier) if question.key == "project_slug" else default
        entry: dict[str, Any] = {
            "key": question.key,
            "kind": question.kind.value,
            "message": question.message,
            "help": question.help,
            "default": list(default) if isinstance(default, tuple) else default,
            "choices": [{"value": c.value, "title": c.title} for c in question.choices],
            "asked": _asked_when(question),
        }
        if callable(question.default) and question.default_text:
            entry["default_note"] = question.default_text
        schema.append(entry)
    return schema


def questions_json() -> str:
    """The questions schema as one JSON document."""
    return json.dumps({"questions": questions_schema()}, indent=2, ensure_ascii=False)


def format_value(value: Value | str) -> str:
    """An answer as a person reads it: lists comma-joined, booleans yes/no, empty shown."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple | list):
        return ", ".join(value) if value else "(none)"
    return value if value != "" else '""'


def questions_text() -> str:
    """The questions schema as a short human listing."""
    lines = ["Answer keys (give them with --set KEY=VALUE or in an --answers file):", ""]
    for entry in questions_schema():
        default = entry.get("default_note") or format_value(entry["default"])
        lines.append(f"  {entry['key']}  [{entry['kind']}]  default: {default}")
        if entry["choices"]:
            lines.append(f"      one of: {', '.join(choice['value'] for choice in entry['choices'])}")
        lines.append(f"      {entry['help']}")
    return "\n".join(lines)


def summary_text(answers: Mapping[str, Value], framework: str, target: str) -> str:
    """The one-screen summary shown before rendering."""
    width = max(len(key) for key in answers)
    lines = [f"About to create {target} with {framework.capitalize()}:", ""]
    lines += [f"  {key.ljust(width)}  {format_value(value)}" for key, value in answers.items()]
    return "\n".join(lines)


def python_note(version: str) -> str:
    """Which Python the project targets when the user did not say, and why that one."""
    return (
        f"Python: {version}, the newest supported version installed here (--set python_version=... to target another)."
    )
