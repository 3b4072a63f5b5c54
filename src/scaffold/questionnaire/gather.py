"""Gathering answers: what is given, what is asked, what takes its default.

`ask_stages` is the one walk over the questions: every default is filled here
(`complete` is that walk with nobody to ask), and a slug derived from the
project name is checked here, where it is derived. `target_problem` is the one
check of the project's folder, for the slug question and the renderer alike.

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
from scaffold.questionnaire.answers import Answers, parse_assignment, resolve
from scaffold.questionnaire.prompt import Asker, QuestionAsker
from scaffold.questionnaire.questions import QUESTIONS, Question, Stage, Value, by_key, slugify, validate_slug

__all__ = ["ask_stages", "complete", "given_answers", "settle_slug", "slug_question", "target_problem"]


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
            if question.key == "project_slug":
                _check_derived_slug(str(default), str(values["project_name"]))
            values[question.key] = default
        else:
            values[question.key] = asker.ask((ask_as or {}).get(question.key, question), default)
    return values


def complete(given: Mapping[str, Value]) -> Answers:
    """Every answer: those given, and the default of every other (nobody is asked).

    Raises:
        InvalidAnswerError: the slug derived from the project name cannot be used.
    """
    return Answers(**ask_stages(dict(given), set(Stage), None))  # type: ignore[arg-type]


def derived_slug_problem(slug: str, name: str) -> str | None:
    """Why the slug derived from project name `name` cannot be used, as the CLI says it; None if it can."""
    problem = validate_slug(slug)
    if problem is None:
        return None
    return f"project_slug: {problem} (derived from project_name {name!r}; give another name or --set project_slug=...)"


def _check_derived_slug(slug: str, name: str) -> None:
    problem = derived_slug_problem(slug, name)
    if problem:
        raise InvalidAnswerError(problem)


def slug_question(output_dir: Path, *, overwrite: bool) -> Question:
    """The slug question, refusing also a slug whose folder in `output_dir` is taken.

    Without this the user would learn that the folder exists only after the
    last question and the final confirmation.
    """

    def check(text: str) -> str | None:
        return validate_slug(text) or target_problem(output_dir / text, overwrite=overwrite)

    return dataclasses.replace(by_key("project_slug"), validate=check)


def settle_slug(values: dict[str, Value], asker: Asker | None, *, output_dir: Path, overwrite: bool) -> None:
    """Right after the project name, make sure `new` has a slug it can use.

    A name such as "Email" derives a slug that would shadow a module, and a
    derived slug's folder may already hold a project: asking about it now
    spares the user every later answer. Interactively, the slug is asked at
    once with a usable suggestion. With `--no-input` nothing is asked: the
    walk refuses a derived slug where it derives it (`ask_stages`), and the
    renderer an existing folder (`target_problem`).
    """
    if asker is None:
        return
    name = str(values["project_name"])
    given = "project_slug" in values
    slug = str(values["project_slug"]) if given else slugify(name)
    question = slug_question(output_dir, overwrite=overwrite)
    problem = question.validate(slug) if question.validate else None
    if problem is None:
        return
    origin = "given" if given else f"derived from {name!r}"
    asker.show(f"The package name '{slug}' ({origin}) cannot be used: {problem}.")
    values["project_slug"] = asker.ask(question, _suggest_slug(slug, question))


def target_problem(target: Path, *, overwrite: bool) -> str | None:
    """Why the project cannot be written at `target`, or None: the one check, for the slug question and the renderer.

    A link or a file is never written through, even with `--overwrite`; a folder
    with files in it only with `--overwrite`.
    """
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        return f"{target} exists and is not a folder; choose another --output-dir or project_slug"
    if target.is_dir() and any(target.iterdir()) and not overwrite:
        return (
            f"{target} exists and is not empty; choose another --output-dir or project_slug, "
            "or pass --overwrite (files scaffold does not write are kept)"
        )
    return None


def _suggest_slug(slug: str, question: Question) -> str:
    """A usable slug close to `slug`: my_email, email_project, ... my_email_2."""
    base = slugify(slug) or "project"
    candidates = [f"my_{base}", f"{base}_project", f"{base}_app"]
    candidates += [f"my_{base}_{number}" for number in range(2, 100)]
    for candidate in candidates:
        if question.validate is None or question.validate(candidate) is None:
            return candidate
    return ""
