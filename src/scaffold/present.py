"""What scaffold shows: the questions schema, the verdict, the summary. Pure text out.

Formatting lives here so that `cli.py` only translates and `decision.py`
stays free of wording about layout.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scaffold.answers import Answers
from scaffold.questions import QUESTIONS, Question, Value

if TYPE_CHECKING:
    from scaffold.decision import Recommendation

__all__ = [
    "format_value",
    "next_steps",
    "override_text",
    "python_note",
    "questions_json",
    "questions_schema",
    "questions_text",
    "summary_text",
    "verdict_text",
]


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


def override_text(recommended: str, chosen: str, notes: Sequence[str]) -> str:
    """What the user gives up by overriding strong reasons, and what the chosen starter adds."""
    lines = [
        f"You chose {chosen.capitalize()} over the recommended {recommended.capitalize()}. "
        f"Where {recommended.capitalize()} served your needs better, the starter covers them:"
    ]
    lines += [f"  {note}" for note in notes]
    return "\n".join(lines)


def next_steps(path: Path, answers: Answers, framework: str, database: str, *, set_up: bool, python: str) -> str:
    """The commands to run next, the same ones the generated README gives.

    `python` is what runs the project's Python in this shell (`pythons.command_for`): the
    README's `python3.X`, or the interpreter's path where that name would not run it.
    """
    slug = answers.project_slug
    lines = ["", "Next steps:", f"  cd {path}"]
    if set_up:
        lines.append("  . .venv/bin/activate")
    else:
        lines.append(f"  {python} -m venv .venv && . .venv/bin/activate")
        lines.append('  pip install -e ".[dev]"')
    if framework == "django":
        lines.append("  python manage.py migrate")
        if "admin" in answers.features:
            lines.append("  python manage.py createsuperuser")
        lines.append("  python manage.py runserver")
    else:
        if database != "none":
            lines.append(f"  flask --app {slug} db upgrade")
        lines.append(f"  flask --app {slug} run --debug")
    lines.append("  pytest")
    if "tasks" in answers.features:
        # The README's "Background jobs" section: the worker needs a Redis server.
        module = "config" if framework == "django" else f"{slug}.celery_app"
        lines.append(f"  celery -A {module} worker --loglevel INFO   (in another terminal, with Redis running)")
    return "\n".join(lines)


_TOP_REASONS = 4


def verdict_text(recommendation: Recommendation) -> str:
    """The verdict a person reads in five seconds: pick, how clear, top reasons, the flip."""
    rec = recommendation
    name = rec.framework.capitalize()
    scores = f"{rec.scores[rec.framework]:.1f} to {rec.scores[rec.other]:.1f}"
    label = rec.margin_label()
    lead = {"clear": "a clear lead", "narrow": "a narrow lead", "a toss-up": "a toss-up"}.get(label, label)
    lines = [f"{name} fits best: {lead} ({scores}).", "", "Why:"]
    lines.extend(
        f"  {reason.claim:<4} {reason.weight:+.1f} {reason.favours.capitalize():<6}  {reason.because}"
        for reason in rec.reasons[:_TOP_REASONS]
    )
    if len(rec.reasons) > _TOP_REASONS:
        more = len(rec.reasons) - _TOP_REASONS
        lines.append(f"  ... and {more} more (scaffold recommend --json lists them all)")
    if not rec.reasons:
        lines.append("  No need you gave leans either way; see the tie rule in the docs.")
    lines += ["", f"What would change it: {rec.flip}"]
    return "\n".join(lines)
