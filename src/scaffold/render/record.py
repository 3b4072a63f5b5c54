"""The `.scaffold.yml` record written into every generated project.

It holds every answer (with the framework actually used), the decision and
the scaffold version, so that `scaffold new --no-input --answers
<project>/.scaffold.yml` re-creates the same files. It holds no secret and
no timestamp: the same answers give the same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scaffold._version import DISTRIBUTION, __version__
from scaffold.questionnaire.answers import Answers
from scaffold.render.quoting import quoted

__all__ = ["RECORD_NAME", "record_text"]

RECORD_NAME = ".scaffold.yml"

_HEADER = (
    "# Written by scaffold. Re-create this project with:\n"
    "#   scaffold new --no-input --answers .scaffold.yml -o <another folder>\n"
    "# `answers` is the input; `decision` records why the framework was picked.\n"
)


def record_text(answers: Answers, decision: Mapping[str, Any]) -> str:
    """The YAML text of the record for these answers and decision."""
    data = {
        "scaffold_version": __version__,
        "distribution": DISTRIBUTION,
        "answers": {
            key: list(value) if isinstance(value, tuple) else value for key, value in answers.as_dict().items()
        },
        "decision": dict(decision),
    }
    return _HEADER + "".join(line + "\n" for line in _block(data, ""))


# Written here, not with PyYAML: importing it was a tenth of `scaffold new`'s time, and this data
# is only mappings, lists and scalars. Every string is double-quoted (scaffold.render.quoting.quoted), so
# no text is ever read back as a number, a boolean or null; tests/test_record.py loads the result
# with PyYAML and gets the same data back.


def _block(value: Mapping[str, Any], indent: str) -> list[str]:
    lines: list[str] = []
    for key, item in value.items():
        if isinstance(item, Mapping) and item:
            lines += [f"{indent}{key}:", *_block(item, indent + "  ")]
        elif isinstance(item, list | tuple) and item:
            lines += [f"{indent}{key}:", *_sequence(item, indent + "  ")]
        else:
            lines.append(f"{indent}{key}: {_scalar(item)}")
    return lines


def _sequence(items: list[Any] | tuple[Any, ...], indent: str) -> list[str]:
    lines: list[str] = []
    for item in items:
        if isinstance(item, Mapping) and item:
            first, *rest = _block(item, indent + "  ")
            lines += [f"{indent}- {first.lstrip()}", *rest]
        else:
            lines.append(f"{indent}- {_scalar(item)}")
    return lines


def _scalar(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, Mapping):
        return "{}"
    if isinstance(value, list | tuple):
        return "[]"
    return quoted(value)
