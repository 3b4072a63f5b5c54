"""The decision rules: loaded from `rules.toml` beside this module, validated, frozen.

The rules file is data a reviewer reads without reading code; its header
documents the condition language, the weight scale and the tie rule. This
module turns it into frozen `Rule` objects and refuses anything it does not
understand: a misspelt key in a condition would otherwise make a rule never
apply, silently. Every problem raises `RulesFileError` naming the file, the
rule and what is wrong.
"""

from __future__ import annotations

import contextlib
import functools
import marshal
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scaffold import _tmpcache as tmpcache
from scaffold._version import __version__
from scaffold.errors import RulesFileError
from scaffold.questionnaire.questions import NEED_KEYS, Kind, by_key

__all__ = [
    "CLAIM_IDS",
    "FRAMEWORKS",
    "MAX_WEIGHT",
    "Condition",
    "Rule",
    "Rules",
    "Table",
    "load_rules",
]

#: The claims of shared/design/tradeoffs.md; a rule must cite one of them.
CLAIM_IDS: tuple[str, ...] = tuple(f"T{n}" for n in range(1, 17))
FRAMEWORKS: tuple[str, ...] = ("django", "flask")
#: No single rule may outweigh two clear (1.5) ones together: see the file's weight scale.
MAX_WEIGHT = 3.0

_RULE_FIELDS = {"id", "claim", "favours", "weight", "when", "unless", "because", "if_overridden"}
_REQUIRED = _RULE_FIELDS - {"unless"}
_TOP_FIELDS = {"schema_version", "tie_goes_to", "rule"}
_LIST_OPS = {"has", "has_any", "has_none", "count_of", "at_least"}
_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


@dataclass(frozen=True)
class Condition:
    """One key's test: how many of `values` the answer holds must be in [at_least, at_most].

    Every answer is read as a set of strings ({"api"} for a choice, {"true"}
    for a yes/no, the chosen items for a list), so one test covers "equals",
    "any of", "has", "has none of" and "at least N of".
    """

    key: str
    values: frozenset[str]
    at_least: int = 1
    at_most: int | None = None

    def holds(self, answer: frozenset[str]) -> bool:
        """Whether an answer, read as a set of strings, meets the condition."""
        count = len(answer & self.values)
        return count >= self.at_least and (self.at_most is None or count <= self.at_most)


#: A condition table: every condition in it must hold (AND).
Table = tuple[Condition, ...]


def _any_holds(tables: tuple[Table, ...], answers: Mapping[str, frozenset[str]]) -> bool:
    return any(all(c.holds(answers[c.key]) for c in table) for table in tables)


@dataclass(frozen=True)
class Rule:
    """A claim applied to a need: when `when` holds and `unless` does not, add `weight`.

    `when_any` and `unless_any` are one or more condition tables; a side holds when
    any of its tables does (a table holds when all of its conditions do). A file's
    single table is a side of one table; an empty `unless_any` never holds.
    """

    id: str
    claim: str
    favours: str
    weight: float
    when_any: tuple[Table, ...]
    unless_any: tuple[Table, ...]
    because: str
    if_overridden: str

    @property
    def when(self) -> Table:
        """Every condition `when` names, in all of its tables (which keys the rule reads)."""
        return tuple(c for table in self.when_any for c in table)

    @property
    def unless(self) -> Table:
        """Every condition `unless` names, in all of its tables."""
        return tuple(c for table in self.unless_any for c in table)

    def applies(self, answers: Mapping[str, frozenset[str]]) -> bool:
        """Whether the rule applies to answers read as sets (see `Condition`)."""
        return _any_holds(self.when_any, answers) and not _any_holds(self.unless_any, answers)


@dataclass(frozen=True)
class Rules:
    """The whole rules file: its rules in file order, and who wins a tie."""

    source: str
    schema_version: int
    tie_goes_to: str
    rules: tuple[Rule, ...]


def load_rules(path: Path | None = None) -> Rules:
    """Load and validate a rules file; the packaged one (cached) when `path` is None.

    Raises:
        RulesFileError: the file cannot be read or parsed, or a rule is malformed;
            the message names the file, the rule and what is wrong.
    """
    if path is None:
        return _packaged_rules()
    return _load(path.read_bytes() if path.is_file() else None, str(path))


@functools.cache
def _packaged_rules() -> Rules:
    # Beside this module, as the templates are (see render.template_dir): importlib.resources
    # would cost ~10 ms of import for a file that is always there.
    raw = (Path(__file__).parent / "rules.toml").read_bytes()
    return _checked(_parsed_packaged(raw), "scaffold/decide/rules.toml")


def _load(raw: bytes | None, source: str) -> Rules:
    if raw is None:
        raise RulesFileError(f"{source}: no such rules file")
    return _checked(_parsed(raw, source), source)


def _parsed(raw: bytes, source: str) -> Any:
    import tomllib  # only when rules are parsed, for the same reason as above

    try:
        return tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise RulesFileError(f"{source}: not valid TOML: {exc}") from None


def _parsed_packaged(raw: bytes) -> Any:
    """The packaged rules as parsed data, kept between runs beside the compiled templates.

    tomllib is a pure-Python parser: importing it and parsing this file cost as much as the
    rest of `scaffold recommend`. What is kept holds the exact bytes it was parsed from, so a
    changed file is parsed again; the data is checked like freshly parsed data either way.
    """
    folder = tmpcache.private_folder()
    path = folder / f"rules-{__version__}.marshal" if folder is not None else None
    kept = tmpcache.kept(path) if path is not None else None
    if kept is not None:
        try:
            parsed_from, data = marshal.loads(kept)
        except (EOFError, ValueError, TypeError):
            pass  # damaged: parse again
        else:
            if parsed_from == raw:
                return data
    data = _parsed(raw, "scaffold/decide/rules.toml")
    if path is not None:
        with contextlib.suppress(ValueError):  # a TOML date or time marshal cannot hold: not kept
            tmpcache.keep(path, marshal.dumps((raw, data)))
    return data


def _checked(data: Any, source: str) -> Rules:
    _check_fields(data, allowed=_TOP_FIELDS, required=_TOP_FIELDS, where=source)
    if data["schema_version"] != 1:
        raise RulesFileError(f"{source}: schema_version {data['schema_version']!r} is not 1")
    if data["tie_goes_to"] not in FRAMEWORKS:
        raise RulesFileError(f"{source}: tie_goes_to must be django or flask, not {data['tie_goes_to']!r}")
    entries = data["rule"]
    if not isinstance(entries, list) or not entries:
        raise RulesFileError(f"{source}: expected one or more [[rule]] tables")
    rules: list[Rule] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries, start=1):
        rule = _parse_rule(entry, source=source, index=index)
        if rule.id in seen:
            raise RulesFileError(f"{source}: rule {rule.id!r}: duplicate id")
        seen.add(rule.id)
        rules.append(rule)
    return Rules(source, 1, data["tie_goes_to"], tuple(rules))


def _check_fields(table: Any, *, allowed: set[str], required: set[str], where: str) -> None:
    if not isinstance(table, dict):
        raise RulesFileError(f"{where}: expected a table, got {table!r}")
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise RulesFileError(f"{where}: unknown field {unknown[0]!r}; allowed: {', '.join(sorted(allowed))}")
    missing = sorted(required - set(table))
    if missing:
        raise RulesFileError(f"{where}: missing field {missing[0]!r}")


def _parse_rule(entry: Any, *, source: str, index: int) -> Rule:
    # Name the rule by its id when it has one: that is what a reviewer searches for.
    named = isinstance(entry, dict) and isinstance(entry.get("id"), str)
    where = f"{source}: rule {entry['id']!r}" if named else f"{source}: rule {index}"
    _check_fields(entry, allowed=_RULE_FIELDS, required=_REQUIRED, where=where)
    rule_id = _text(entry, "id", where)
    if not _ID.fullmatch(rule_id):
        raise RulesFileError(f"{where}: id must be lowercase words joined by '-'")
    claim = _text(entry, "claim", where)
    if claim not in CLAIM_IDS:
        raise RulesFileError(f"{where}: claim {claim!r} is not one of T1..T16 (tradeoffs.md)")
    favours = _text(entry, "favours", where)
    if favours not in FRAMEWORKS:
        raise RulesFileError(f"{where}: favours must be django or flask, not {favours!r}")
    return Rule(
        id=rule_id,
        claim=claim,
        favours=favours,
        weight=_weight(entry["weight"], where),
        when_any=_tables(entry["when"], f"{where}: when"),
        # An empty `unless = {}` is no exception at all, as before arrays were allowed.
        unless_any=_tables(entry["unless"], f"{where}: unless") if entry.get("unless", {}) != {} else (),
        because=_text(entry, "because", where),
        if_overridden=_text(entry, "if_overridden", where),
    )


def _text(entry: dict[str, Any], name: str, where: str) -> str:
    value = entry[name]
    if not isinstance(value, str) or not value.strip():
        raise RulesFileError(f"{where}: {name} must be non-empty text, got {value!r}")
    return value


def _weight(value: Any, where: str) -> float:
    # Quarter steps keep every sum exact in binary floating point, so equal
    # scores really are equal and the tie rule is what decides them.
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or not 0 < value <= MAX_WEIGHT
        or value * 4 != int(value * 4)
    ):
        raise RulesFileError(
            f"{where}: weight must be a number from 0.25 to {MAX_WEIGHT} in quarter steps, got {value!r}"
        )
    return float(value)


def _tables(spec: Any, where: str) -> tuple[Table, ...]:
    """A `when` or `unless`: one table, or an array of tables of which any may hold."""
    if isinstance(spec, list):
        if not spec:
            raise RulesFileError(f"{where}: expected a table or a non-empty array of tables, got []")
        return tuple(_conditions(table, f"{where}[{index}]") for index, table in enumerate(spec, start=1))
    return (_conditions(spec, where),)


def _conditions(table: Any, where: str) -> Table:
    if not isinstance(table, dict) or not table:
        raise RulesFileError(f"{where}: expected a table naming at least one answer key, got {table!r}")
    return tuple(_condition(key, spec, where) for key, spec in table.items())


def _condition(key: str, spec: Any, where: str) -> Condition:
    if key not in NEED_KEYS:
        raise RulesFileError(f"{where}: {key!r} is not a need key; use one of {', '.join(NEED_KEYS)}")
    question = by_key(key)
    where = f"{where}: {key}"
    if question.kind is Kind.CONFIRM:
        if not isinstance(spec, bool):
            raise RulesFileError(f"{where}: expected true or false, got {spec!r}")
        return Condition(key, frozenset({str(spec).lower()}))
    if question.kind is Kind.CHOICE:
        values = [spec] if isinstance(spec, str) else spec
        return Condition(key, _values(values, question.values, where))
    return _list_condition(key, spec, question.values, where)


def _list_condition(key: str, spec: Any, allowed: tuple[str, ...], where: str) -> Condition:
    if not isinstance(spec, dict) or not spec or set(spec) - _LIST_OPS:
        raise RulesFileError(
            f"{where}: expected {{ has = ... }}, {{ has_any = [...] }}, {{ has_none = [...] }}"
            f" or {{ count_of = [...], at_least = N }}, got {spec!r}"
        )
    ops = set(spec)
    if ops == {"has"}:
        return Condition(key, _values([spec["has"]], allowed, where))
    if ops == {"has_any"}:
        return Condition(key, _values(spec["has_any"], allowed, where))
    if ops == {"has_none"}:
        return Condition(key, _values(spec["has_none"], allowed, where), at_least=0, at_most=0)
    if ops == {"count_of", "at_least"}:
        values = _values(spec["count_of"], allowed, where)
        at_least = spec["at_least"]
        if isinstance(at_least, bool) or not isinstance(at_least, int) or not 1 <= at_least <= len(values):
            raise RulesFileError(f"{where}: at_least must be a whole number from 1 to {len(values)}, got {at_least!r}")
        return Condition(key, values, at_least=at_least)
    raise RulesFileError(f"{where}: cannot combine {', '.join(sorted(ops))}; use one test per key")


def _values(values: Any, allowed: tuple[str, ...], where: str) -> frozenset[str]:
    if not isinstance(values, list) or not values:
        raise RulesFileError(f"{where}: expected a value or a non-empty list of values, got {values!r}")
    for value in values:
        if value not in allowed:
            raise RulesFileError(f"{where}: {value!r} is not one of {', '.join(allowed)}")
    return frozenset(values)
