"""Gathering answers: what is given, what is asked, what takes its default.

The flow never prints and never imports questionary: it talks to an `Asker`
(questionary in real use, a scripted one in tests) or, with `--no-input`, to
nobody. The same answers therefore give the same result on both paths.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from scaffold.answers import parse_assignment, resolve
from scaffold.prompt import Asker
from scaffold.questions import QUESTIONS, Stage, Value
from scaffold.sources import load_answers_file

__all__ = ["ask_stages", "given_answers"]


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
    asker: Asker | None,
) -> dict[str, Value]:
    """Ask, in order, every question of `stages` not answered yet and still relevant.

    With no asker (`--no-input`), or for a question made moot by earlier
    answers, the question takes its default. Mutates and returns `values`.
    """
    for question in QUESTIONS:
        if question.stage not in stages or question.key in values:
            continue
        default = question.default_for(values)
        if asker is None or not question.applies(values):
            values[question.key] = default
        else:
            values[question.key] = asker.ask(question, default)
    return values
