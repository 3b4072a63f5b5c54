"""Gathering answers: what is given, what is asked, what takes its default.

The flow never prints and never imports questionary: it talks to an `Asker`
(questionary in real use, a scripted one in tests) or, with `--no-input`, to
nobody. The same answers therefore give the same result on both paths.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from scaffold.errors import InvalidAnswerError
from scaffold.questionnaire.answer_files import load_answers_file
from scaffold.questionnaire.answers import parse_assignment, resolve
from scaffold.questionnaire.prompt import Asker, QuestionAsker
from scaffold.questionnaire.questions import QUESTIONS, Question, Stage, Value, by_key, slugify, validate_slug

__all__ = ["ask_stages", "given_answers", "settle_slug", "slug_question"]


def given_answers(answers_file: Path | None, assignments: Collection[str]) -> dict[str, Value]:
    """The validated answers from `--set` (highest precedence) and the answers file."""
    layers: list[tuple[str, Mapping[str, Any]]] = []
    sets: dict[str, str] = {}
    for text in assignments:
        key, value = parse_assignment(text)
        sets[key] = value
    layers.append(("--set", sets))
    if answers_file is not None:
        layers.append((str(answers_file), load_answers_file(answers_file)))
    return resolve(layers)


def ask_stages(
    values: dict[str, Value],
    stages: Collection[Stage],
    asker: QuestionAsker | None,
    *,
    ask_as: Mapping[str, Question] | None = None,
) -> dict[str, Value]:
    """Ask, in order, every question of `stages` not answered yet and still relevant.

    With no asker (`--no-input`), or for a question made moot by earlier
    answers, the question takes its default. `ask_as` replaces the prompt of
    some keys (the slug, checked against the output folder too). Mutates and
    returns `values`.
    """
    for question in QUESTIONS:
        if question.stage not in stages or question.key in values:
            continue
        default = question.default_for(values)
        if asker is None or not question.applies(values):
            values[question.key] = default
        else:
            values[question.key] = asker.ask((ask_as or {}).get(question.key, question), default)
    return values


def slug_question(output_dir: Path, *, overwrite: bool) -> Question:
    """The slug question, refusing also a slug whose folder in `output_dir` is taken.

    Without this the user would learn that the folder exists only after the
    last question and the final confirmation.
    """

    def check(text: str) -> str | None:
        return validate_slug(text) or _taken(output_dir / text, overwrite=overwrite)

    return dataclasses.replace(by_key("project_slug"), validate=check)


def settle_slug(values: dict[str, Value], asker: Asker | None, *, output_dir: Path, overwrite: bool) -> None:
    """Right after the project name, make sure `new` has a slug it can use.

    A name such as "Email" derives a slug that would shadow a module, and a
    derived slug's folder may already hold a project: asking about it now
    spares the user every later answer. Interactively, the slug is asked at
    once with a usable suggestion; with `--no-input` a refused derived slug is
    an error naming `--set project_slug=...` (an existing folder is left to
    the renderer, which names `--overwrite`).
    """
    name = str(values["project_name"])
    given = "project_slug" in values
    slug = str(values["project_slug"]) if given else slugify(name)
    if asker is None:
        problem = None if given else validate_slug(slug)
        if problem:
            raise InvalidAnswerError(
                f"project_slug: {problem} (derived from project_name {name!r}; "
                "give another name or --set project_slug=...)"
            )
        return
    question = slug_question(output_dir, overwrite=overwrite)
    problem = question.validate(slug) if question.validate else None
    if problem is None:
        return
    origin = "given" if given else f"derived from {name!r}"
    asker.show(f"The package name '{slug}' ({origin}) cannot be used: {problem}.")
    values["project_slug"] = asker.ask(question, _suggest_slug(slug, question))


def _taken(target: Path, *, overwrite: bool) -> str | None:
    if overwrite or not target.exists():
        return None
    if target.is_dir() and not target.is_symlink() and not any(target.iterdir()):
        return None
    return f"{target} already exists and is not empty; choose another name, or pass --overwrite"


def _suggest_slug(slug: str, question: Question) -> str:
    """A usable slug close to `slug`: my_email, email_project, ... my_email_2."""
    base = slugify(slug) or "project"
    candidates = [f"my_{base}", f"{base}_project", f"{base}_app"]
    candidates += [f"my_{base}_{number}" for number in range(2, 100)]
    for candidate in candidates:
        if question.validate is None or question.validate(candidate) is None:
            return candidate
    return ""
