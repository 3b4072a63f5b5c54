"""The verdict as the API gives it: `recommend --json`'s text, and the page's live form state.

`recommend_json` does what `scaffold recommend --no-input --json` does, with
the same functions (the flow's defaults, the engine, the JSON spelling), so the
API and the CLI give the same bytes (tested).

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

from scaffold.decide import engine
from scaffold.decide.explain import override_text, verdict_json
from scaffold.questionnaire.answers import Answers, needs_of
from scaffold.questionnaire.gather import ask_stages, derived_slug_problem
from scaffold.questionnaire.questions import QUESTIONS, Question, Stage, Value
from scaffold.serve.inputs import problems

__all__ = ["FORM", "form_state", "query_string", "recommend_json"]

#: The source name of the page's answers in messages (shown without it, beside the field).
FORM = "form"


def recommend_json(values: Mapping[str, Value]) -> str:
    """What `scaffold recommend --no-input --json` prints for these validated answers (with its newline)."""
    needs = ask_stages(dict(values), {Stage.NEEDS}, None)
    # click.echo ends the CLI's output with a newline.
    return verdict_json(engine.recommend(needs_of(needs))) + "\n"


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


class _FormAsker:
    """The form as the flow's asker: a question that still matters takes the form's answer, else its default."""

    def __init__(self, given: Mapping[str, Value]) -> None:
        self.given = given
        self.defaults: dict[str, Value] = {}

    def ask(self, question: Question, default: Value) -> Value:
        self.defaults[question.key] = default
        return self.given.get(question.key, default)


def _settle(given: Mapping[str, Value]) -> tuple[dict[str, Value], dict[str, Value], dict[str, dict[str, Any]]]:
    """Walk the questions with the flow (`ask_stages`); keep what was given and still matters.

    The flow asks only the questions that still matter: the others take their
    default, and a value given for them is dropped, as the page hides them.
    """
    form = _FormAsker(given)
    values = ask_stages({}, set(Stage), form)
    chosen: dict[str, Value] = {}
    fields: dict[str, dict[str, Any]] = {}
    for question in QUESTIONS:
        applies = question.key in form.defaults
        default = form.defaults.get(question.key, values[question.key])
        if values[question.key] != default:
            chosen[question.key] = values[question.key]
        fields[question.key] = {"stage": question.stage.value, "applies": applies, "default": _as_json(default)}
    return values, chosen, fields


def form_state(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Everything the page shows for raw answers: fields, errors, verdict, override, share query."""
    given, errors = problems(raw, FORM)
    values, chosen, fields = _settle(given)
    for key, message in errors.items():
        if key in fields:
            fields[key]["error"] = message.removeprefix(f"{FORM}: {key}: ")
    unknown = {key: message for key, message in errors.items() if key not in fields}
    if "project_slug" not in given:
        problem = derived_slug_problem(str(values["project_slug"]), str(values["project_name"]))
        if problem:
            fields["project_name"]["error"] = problem.removeprefix("project_slug: ")
            values["project_slug"] = "my_project"  # the verdict still shows: it uses no slug
    answers = Answers(**values)  # type: ignore[arg-type]
    result = engine.recommend(answers)
    framework = engine.chosen_framework(answers, result)
    notes = engine.override_notes(result, framework)
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
        "override": override_text(result.framework, framework, notes) if notes else None,
        "override_notes": list(notes),
    }
