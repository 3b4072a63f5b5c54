"""The verdict as the API gives it: `recommend --json`'s text, and the page's live form state.

`recommend_json` calls the function behind `scaffold recommend --no-input
--json` itself, with the validated answers spelled as `--set` values (which
round-trip exactly), so the API and the CLI give the same bytes (tested).

`form_state` is what the page asks after each change: which questions still
matter, their defaults given the answers so far (the slug follows the name),
the CLI's message for each bad value, the verdict, the override notes, and
the answers as the share link's query string. The page thus never repeats a
rule of the questionnaire in JavaScript.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlencode

from scaffold.answers import complete
from scaffold.errors import InvalidAnswerError
from scaffold.questions import QUESTIONS, Value
from scaffold.serve.inputs import problems

__all__ = ["FORM", "form_state", "query_string", "recommend_json"]

#: The source name of the page's answers in messages (shown without it, beside the field).
FORM = "form"


def recommend_json(values: Mapping[str, Value]) -> str:
    """What `scaffold recommend --no-input --json` prints for these validated answers (with its newline)."""
    from scaffold import commands

    assignments = [f"{key}={_as_text(value)}" for key, value in values.items()]
    # click.echo ends the CLI's output with a newline.
    return commands.recommend(answers_file=None, assignments=assignments, no_input=True, as_json=True) + "\n"


def _as_json(value: Value) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _as_text(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return ",".join(value)
    return value


def query_string(answers: Mapping[str, Value]) -> str:
    """The answers as a query string with the keys of `--set`: `kind=api&features=admin,auth`."""
    pairs = [(key, _as_text(value)) for key, value in answers.items()]
    # Commas stay readable: they separate list items, as in --set.
    return urlencode(pairs, quote_via=lambda text, *_: quote(text, safe=","))


def _settle(given: Mapping[str, Value]) -> tuple[dict[str, Value], dict[str, dict[str, Any]]]:
    """Walk the questions in order as `ask_stages` does; keep what was given and still matters."""
    values: dict[str, Value] = {}
    chosen: dict[str, Value] = {}
    fields: dict[str, dict[str, Any]] = {}
    for question in QUESTIONS:
        default = question.default_for(values)
        applies = question.applies(values)
        value = given[question.key] if applies and question.key in given else default
        values[question.key] = value
        if value != default:
            chosen[question.key] = value
        fields[question.key] = {"stage": question.stage.value, "applies": applies, "default": _as_json(default)}
    return chosen, fields


def form_state(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Everything the page shows for raw answers: fields, errors, verdict, override, share query."""
    from scaffold import decision, present

    values, errors = problems(raw, FORM)
    chosen, fields = _settle(values)
    for key, message in errors.items():
        if key in fields:
            fields[key]["error"] = message.removeprefix(f"{FORM}: {key}: ")
    unknown = {key: message for key, message in errors.items() if key not in fields}
    try:
        answers = complete(chosen)
    except InvalidAnswerError as exc:
        # Only the slug derived from a name can fail here.
        fields["project_name"]["error"] = exc.message.removeprefix("project_slug: ")
        answers = complete({**chosen, "project_slug": "my_project"})
    result = decision.recommend(answers)
    framework = decision.chosen_framework(answers, result)
    notes = decision.override_notes(result, framework)
    valid = not errors and not any("error" in field for field in fields.values())
    return {
        "valid": valid,
        "fields": fields,
        "unknown": unknown,
        "answers": {key: _as_json(value) for key, value in chosen.items()},
        "query": query_string(chosen),
        "recommendation": result.to_json_dict(),
        "margin_label": result.margin_label(),
        "framework": framework,
        "override": present.override_text(result.framework, framework, notes) if notes else None,
        "override_notes": list(notes),
    }
