"""The questionnaire as data: one declaration per answer key of interface.md.

Nothing here prompts, prints or reads a file. `prompt.py` turns these
declarations into questionary prompts, `answers.py` validates answers given
by file or `--set` against them, and `scaffold questions --json` prints them.
A question's kind is declared, never guessed from its default's type (the
cookiecutter weakness style.md warns about).
"""

from __future__ import annotations

import enum
import keyword
import re
import sys
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from scaffold.questionnaire.pythons import SUPPORTED, default_python
from scaffold.questionnaire.reserved import ignored_by_gitignore, reserved_modules

__all__ = [
    "NEED_KEYS",
    "QUESTIONS",
    "Choice",
    "Kind",
    "Question",
    "Stage",
    "Value",
    "by_key",
    "slugify",
    "validate_email",
    "validate_project_name",
    "slug_clash_problem",
    "slug_form_problem",
    "validate_slug",
]

#: An answer's value: text or a choice (str), a yes/no (bool) or a multi-choice (tuple).
Value = str | bool | tuple[str, ...]


class Kind(enum.Enum):
    """How a question is asked and what type its answer has."""

    TEXT = "text"
    CHOICE = "choice"
    MULTI = "multi"
    CONFIRM = "confirm"


class Stage(enum.Enum):
    """When `scaffold new` asks a question: before the verdict (needs) or after (project)."""

    NAME = "name"
    NEEDS = "needs"
    FRAMEWORK = "framework"
    PROJECT = "project"


@dataclass(frozen=True)
class Choice:
    """One allowed value of a choice or multi-choice question, with its label."""

    value: str
    title: str


@dataclass(frozen=True)
class Question:
    """A question: its key, how it is asked, what it accepts, when it matters.

    `default` may be a function of the answers so far (the slug derives from
    the name); `default_text` then says in words what it computes, for the
    schema, which never computes it. `validate` returns an error message, or None when the text is
    fine; `validate_recorded`, when set, replaces it for a value an earlier release recorded in a
    project's `.scaffold.yml` (what still matters once the project exists). `when` returns False
    when earlier answers make the question moot; it is then not asked and takes its default.
    """

    key: str
    kind: Kind
    message: str
    help: str
    stage: Stage
    default: Value | Callable[[Mapping[str, Value]], Value]
    choices: tuple[Choice, ...] = ()
    validate: Callable[[str], str | None] | None = None
    validate_recorded: Callable[[str], str | None] | None = None
    when: Callable[[Mapping[str, Value]], bool] | None = None
    default_text: str = ""

    @property
    def values(self) -> tuple[str, ...]:
        """The allowed values of a choice or multi-choice question."""
        return tuple(choice.value for choice in self.choices)

    def default_for(self, answers: Mapping[str, Value]) -> Value:
        """The default, given the answers so far."""
        return self.default(answers) if callable(self.default) else self.default

    def applies(self, answers: Mapping[str, Value]) -> bool:
        """Whether the question still matters given the answers so far."""
        return self.when is None or self.when(answers)


def slugify(name: str) -> str:
    """Derive a package name from a project name: "My Café-Shop" -> "my_cafe_shop"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")


def validate_project_name(text: str) -> str | None:
    """A project name: 1 to 60 characters on one line, no path separators.

    Whether the slug derived from it is usable is checked when the slug is
    settled (`answers.complete`), since a given project_slug makes it moot.
    """
    if not text.strip():
        return "the project name is empty; type a name such as 'My Project'"
    if len(text) > 60:
        return f"the project name has {len(text)} characters; keep it to 60 at most"
    if "\n" in text or "\r" in text:
        return "the project name must fit on one line"
    if "/" in text or "\\" in text or text.startswith("."):
        return f"'{text}' looks like a path; a project name has no / or \\ and does not start with a dot"
    return None


def validate_slug(text: str) -> str | None:
    """A project slug: a lowercase Python identifier that shadows nothing the project imports."""
    return slug_form_problem(text) or slug_clash_problem(text)


def slug_form_problem(text: str) -> str | None:
    """Why `text` cannot name a package folder at all (empty, too long, a path, not an identifier), or None.

    What a slug recorded by an earlier release must still pass: these are what keep a render
    inside its folder and importable, whatever release wrote the record.
    """
    if not text:
        return "the slug is empty; use lowercase letters, digits and _, such as 'my_project'"
    if len(text) > _SLUG_LENGTH:
        # A folder and package name: file systems stop at 255 bytes, and messages quote it.
        return f"the slug has {len(text)} characters; keep it to {_SLUG_LENGTH} at most"
    if "/" in text or "\\" in text or ".." in text or text.startswith((".", "~")):
        return f"'{text}' is a path, not a name; use lowercase letters, digits and _, such as 'my_project'"
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", text):
        suggestion = slugify(text)
        usable = suggestion and suggestion != text and not validate_slug(suggestion)
        hint = f"; try '{suggestion}'" if usable else ""
        return f"'{text}' is not a lowercase Python identifier (letters, digits, _; no leading digit){hint}"
    if keyword.iskeyword(text) or keyword.issoftkeyword(text):
        return f"'{text}' is a Python keyword; try '{text}_project' or 'my_{text}'"
    return None


def slug_clash_problem(text: str) -> str | None:
    """Why a well-formed slug would clash with what the project holds (its .gitignore, a module it imports), or None.

    Checked when a project is made. A project recorded by an earlier release keeps its
    slug although a later release reserves the name: it exists, and renaming a package
    is the user's call, not a refusal of `check`, `add` or `update`.
    """
    ignored = ignored_by_gitignore(text)
    if ignored:
        return (
            f"'{text}' is ignored by the generated project's .gitignore ({ignored}), so git would never see "
            f"the package; try '{_other_slug(text)}'"
        )
    if text in reserved_modules() or text in sys.stdlib_module_names:
        return f"'{text}' would shadow the module of that name the project imports; try '{_other_slug(text)}'"
    return None


#: The longest slug: more than a name of 60 characters derives, far less than a file name may hold.
_SLUG_LENGTH = 100


def _other_slug(text: str) -> str:
    """A usable slug close to a refused one: `my_build`, `pycache_project` for `__pycache__`."""
    base = text.strip("_") or "project"
    candidates = (f"my_{base}", f"{base}_project", f"{base}_app", "my_project")
    return next(candidate for candidate in candidates if validate_slug(candidate) is None)


def validate_email(text: str) -> str | None:
    """An e-mail address, or nothing at all."""
    if text and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", text):
        return f"'{text}' is not an e-mail address; type one like 'ada@example.com', or leave it empty"
    return None


def _one_line(text: str) -> str | None:
    if "\n" in text or "\r" in text:
        return "keep it to one line"
    return None


def _choices(*pairs: tuple[str, str]) -> tuple[Choice, ...]:
    return tuple(Choice(value, title) for value, title in pairs)


def _slug_default(answers: Mapping[str, Value]) -> Value:
    return slugify(str(answers.get("project_name", "My Project")))


def _python_default(answers: Mapping[str, Value]) -> Value:  # noqa: ARG001 - every default takes the answers
    return default_python()


def _has_author(answers: Mapping[str, Value]) -> bool:
    return bool(answers.get("author_name"))


def _extras_default(answers: Mapping[str, Value]) -> Value:
    # A prototype is thrown away or grown up: it ships no Docker files and no CI workflow
    # unless asked for (`--set extras=docker` still wins, as any given answer does).
    return () if answers.get("kind") == "prototype" else ("docker", "ci")


def _full_featured(answers: Mapping[str, Value]) -> bool:
    # Time to market weighs on the choice only for a full-featured app (T2);
    # for an API or a microservice the question does not change the verdict.
    return answers.get("kind") not in ("api", "microservice")


QUESTIONS: tuple[Question, ...] = (
    Question(
        "project_name", Kind.TEXT, "Project name:",
        "A human-readable name, 1-60 characters; the package name derives from it.",
        Stage.NAME, "My Project", validate=validate_project_name,
    ),
    Question(
        "kind", Kind.CHOICE, "What are you building?",
        "What the project is for: the article's first divide between the two frameworks (T1, T7).",
        Stage.NEEDS, "fullstack",
        _choices(
            ("fullstack", "A full-stack web application"),
            ("cms", "A content management system or content site"),
            ("admin_tool", "An administrative tool or back office"),
            ("api", "An API back end for web, mobile or desktop clients"),
            ("microservice", "A microservice, one part of a larger system"),
            ("prototype", "A prototype or small experiment"),
        ),
    ),
    Question(
        "data_source", Kind.CHOICE, "Whose data does it work on?",
        "Django's ORM and admin are built on models of your own (T3, T5); Flask leaves the data layer to you (T5).",
        Stage.NEEDS, "own_database",
        _choices(
            ("own_database", "Its own database: models it defines"),
            ("another_system", "Another system's: an existing database, a service's API, files it does not own"),
            ("none", "None: it stores no data"),
        ),
    ),
    Question(
        "team", Kind.CHOICE, "Who will work on it?",
        "Team size: adding developers is a kind of scaling too (T12).",
        Stage.NEEDS, "small",
        _choices(("solo", "Just me"), ("small", "A small team (2-8)"), ("large", "A large team or several teams")),
    ),
    Question(
        "size", Kind.CHOICE, "How big will the application get?",
        "Expected size of the code base and feature set, not traffic (T11, T16).",
        Stage.NEEDS, "medium",
        _choices(("small", "Small: a handful of pages or endpoints"), ("medium", "Medium"),
                 ("large", "Large: many features, growing for years")),
    ),
    Question(
        "experience", Kind.CHOICE, "How experienced is the team with Python web frameworks?",
        "Flask is easier to learn; Django is bigger, with a steeper curve (T10).",
        Stage.NEEDS, "intermediate",
        _choices(("beginner", "Beginners"), ("intermediate", "Some experience"), ("expert", "Experts")),
    ),
    Question(
        "time_to_market", Kind.CHOICE, "How soon must it ship?",
        "Django is built for rapid development of full-featured apps (T2).",
        Stage.NEEDS, "normal",
        _choices(("relaxed", "No rush"), ("normal", "A normal schedule"), ("urgent", "As soon as possible")),
        when=_full_featured,
    ),
    Question(
        "existing_stack", Kind.CONFIRM, "Does it slot into an existing stack (solving part of the puzzle)?",
        "Flask fits easily into an existing stack (T8).",
        Stage.NEEDS, False,
    ),
    Question(
        "flexibility", Kind.CHOICE, "Conventions or your own choices?",
        "Django is somewhat opinionated; Flask leaves every component to you (T9).",
        Stage.NEEDS, "balanced",
        _choices(("conventions", "Follow the framework's conventions"), ("balanced", "A balance"),
                 ("own_choices", "Choose every component myself")),
    ),
    Question(
        "features", Kind.MULTI, "Which batteries do you need?",
        "Each one works in the generated project, whichever framework is picked (T3, T4, T13).",
        Stage.NEEDS, (),
        _choices(
            ("admin", "Admin interface"), ("auth", "User accounts (sign up, log in)"),
            ("api", "JSON API with an OpenAPI schema"), ("rss", "RSS feed"),
            ("sitemap", "Sitemap"), ("cache", "Page cache"),
            ("tasks", "Background jobs (Celery on Redis)"),
        ),
    ),
    Question(
        "database", Kind.CHOICE, "Which database?",
        "SQLite works with no setup; PostgreSQL for production (T5).",
        Stage.NEEDS, "sqlite",
        _choices(("none", "None"), ("sqlite", "SQLite"), ("postgresql", "PostgreSQL")),
    ),
    Question(
        "framework", Kind.CHOICE, "Which framework?",
        "auto takes the recommendation; django or flask overrides it.",
        Stage.FRAMEWORK, "auto",
        _choices(("auto", "The recommendation"), ("django", "Django"), ("flask", "Flask")),
    ),
    Question(
        "project_slug", Kind.TEXT, "Package name (slug):",
        "A lowercase Python identifier; the project folder and package take this name.",
        Stage.PROJECT, _slug_default, validate=validate_slug, validate_recorded=slug_form_problem,
        default_text="derived from project_name",
    ),
    Question(
        "description", Kind.TEXT, "One-line description:", "Shown in the README and pyproject.",
        Stage.PROJECT, "", validate=_one_line,
    ),
    Question(
        "author_name", Kind.TEXT, "Author name:", "Goes into pyproject's authors; may stay empty.",
        Stage.PROJECT, "", validate=_one_line,
    ),
    Question(
        "author_email", Kind.TEXT, "Author e-mail:", "Goes into pyproject's authors; may stay empty.",
        Stage.PROJECT, "", validate=validate_email, when=_has_author,
    ),
    Question(
        "extras", Kind.MULTI, "Extras:", "Docker files and a CI workflow for the generated project.",
        Stage.PROJECT, _extras_default,
        _choices(("docker", "Dockerfile (and compose.yaml with PostgreSQL)"), ("ci", "GitHub Actions workflow")),
        default_text="docker, ci; none for kind prototype",
    ),
    Question(
        "python_version", Kind.CHOICE, "Python version:",
        "The Python the generated project targets; the default is the newest of them installed here.",
        Stage.PROJECT, _python_default,
        _choices(*((version, version) for version in SUPPORTED)),
        default_text="the newest of these installed here, else the Python running scaffold",
    ),
)  # fmt: skip

#: The keys the decision reads: what is being built and by whom, not project metadata.
NEED_KEYS: tuple[str, ...] = tuple(q.key for q in QUESTIONS if q.stage is Stage.NEEDS)

_BY_KEY = {question.key: question for question in QUESTIONS}


def by_key(key: str) -> Question:
    """The question of an answer key; KeyError if there is none."""
    return _BY_KEY[key]
