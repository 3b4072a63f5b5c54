"""`.scaffold.yml` is written without PyYAML; PyYAML (what `scaffold update` and users read with) reads it back."""

from __future__ import annotations

import pytest
import yaml

from scaffold._version import DISTRIBUTION, __version__
from scaffold.decide.engine import recommend
from scaffold.questionnaire.gather import complete
from scaffold.render.record import record_text

AWKWARD = [
    "",
    "yes",
    "null",
    "3.13",
    "0o17",
    "~",
    "- a list?",
    "key: value # not a comment",
    "  leading and trailing  ",
    'quotes " and \\ backslash',
    "tab\there, new\nline, return\r",
    "line separators \u2028 \u2029 \u0085",
    "Zoë Ünïcødé 日本語 🚀",
    "\x00\x07\x1b control",
    "{{ cookiecutter.project_slug }} {% raw %}",
]


@pytest.mark.parametrize("text", AWKWARD)
def test_every_answer_reads_back_as_written(text: str) -> None:
    answers = complete({"description": text, "author_name": text, "features": ("admin", "api")})
    decision = recommend(answers).to_json_dict()
    data = yaml.safe_load(record_text(answers, decision))
    assert data["answers"]["description"] == data["answers"]["author_name"] == text
    assert data["answers"]["features"] == ["admin", "api"]
    assert data["decision"] == decision
    assert data["scaffold_version"] == __version__
    assert data["distribution"] == DISTRIBUTION


def test_every_recorded_answer_keeps_its_type() -> None:
    answers = complete({"features": (), "extras": (), "existing_stack": True})
    data = yaml.safe_load(record_text(answers, recommend(answers).to_json_dict()))
    expected = {key: list(value) if isinstance(value, tuple) else value for key, value in answers.as_dict().items()}
    assert data["answers"] == expected
    assert data["answers"]["features"] == []
    assert data["answers"]["existing_stack"] is True
    assert isinstance(data["answers"]["python_version"], str)


def test_the_record_is_the_same_bytes_for_the_same_answers() -> None:
    answers = complete({"project_name": "Shop"})
    decision = recommend(answers).to_json_dict()
    assert record_text(answers, decision) == record_text(answers, decision)
    assert record_text(answers, decision).startswith("# Written by scaffold.")
