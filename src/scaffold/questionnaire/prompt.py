"""The one adapter from question declarations to questionary prompts.

This is the only module that imports questionary (and so prompt_toolkit),
and it does so lazily: `scaffold --help` and every non-interactive run never
load them. Prompts go through `unsafe_ask`, because questionary's `ask`
swallows Ctrl-C and returns None; here Ctrl-C becomes `AbortedError`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any, Protocol

from scaffold.errors import AbortedError, NonInteractiveError
from scaffold.questionnaire.answers import text_problem
from scaffold.questionnaire.questions import Kind, Question, Value

__all__ = ["Asker", "QuestionAsker", "QuestionaryAsker", "require_terminal"]


class QuestionAsker(Protocol):
    """What `gather.ask_stages` needs: something that answers one question (a person, a web form)."""

    def ask(self, question: Question, default: Value) -> Value:
        """Ask one question; return a valid answer."""


class Asker(QuestionAsker, Protocol):
    """What the flow of `scaffold new` needs from an interactive front end (tests pass a scripted one)."""

    def select(self, message: str, choices: Sequence[tuple[str, str]], default: str) -> str:
        """Pick one of `(value, title)` choices; return the value."""

    def confirm(self, message: str, *, default: bool) -> bool:
        """A yes/no question."""

    def show(self, text: str) -> None:
        """Show text between questions (the verdict, a summary)."""


def require_terminal() -> None:
    """Fail at once, before any prompt, when stdin is not a terminal.

    questionary on a pipe reads the piped text as keystrokes or raises
    EOFError; either way a CI job would hang or crash, so never get there.
    """
    if not sys.stdin.isatty():
        raise NonInteractiveError(
            "stdin is not a terminal, so scaffold cannot ask its questions; "
            "run with --no-input (defaults for anything not given) and --answers FILE or --set KEY=VALUE"
        )


def _text_prompt(question: Question, default: str, hint: str) -> Any:
    """A text prompt that offers `default` as a default instead of pre-filling it as editable text.

    Pre-filled text is appended to: typing "Harbour News" at a pre-filled "My
    Project" gave "My ProjectHarbour News". Here the default is shown greyed
    in the empty field (a placeholder); the first key typed replaces it, and
    Enter on an empty field accepts it, which then shows as the answer.
    """
    # Lazy: questionary and prompt_toolkit load only when a person is asked, never for --no-input.
    import questionary
    from prompt_toolkit.formatted_text import FormattedText
    from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent

    validate = question.validate

    def check(text: str) -> bool | str:
        # An empty field stands for the default (filled in on Enter, below). A pasted escape
        # sequence is refused here as it is in an answers file.
        answer = text or default
        problem = text_problem(answer) or (validate(answer) if validate else None)
        return problem or True

    bindings = KeyBindings()

    @bindings.add("enter")
    def _accept(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        if not buffer.text and default:
            buffer.text = default
        buffer.validate_and_handle()

    return questionary.text(
        question.message,
        default="",
        validate=check,
        instruction=hint,
        placeholder=FormattedText([("class:instruction", default)]),
        key_bindings=bindings,
    )


class QuestionaryAsker:
    """Asks through questionary, one question at a time, defaults shown."""

    def ask(self, question: Question, default: Value) -> Value:
        """Ask `question` with the prompt kind it declares."""
        import questionary  # lazy: only when a person is asked

        hint = f"({question.help})"
        prompt: Any
        if question.kind is Kind.TEXT:
            prompt = _text_prompt(question, str(default), hint)
        elif question.kind is Kind.CHOICE:
            choices = [questionary.Choice(choice.title, value=choice.value) for choice in question.choices]
            prompt = questionary.select(
                question.message, choices=choices, default=str(default), instruction=f"{hint} ", use_shortcuts=False
            )
        elif question.kind is Kind.MULTI:
            chosen = set(default) if isinstance(default, tuple) else set()
            choices = [
                questionary.Choice(choice.title, value=choice.value, checked=choice.value in chosen)
                for choice in question.choices
            ]
            prompt = questionary.checkbox(
                question.message, choices=choices, instruction=f"{hint} space toggles, enter accepts "
            )
        else:
            prompt = questionary.confirm(question.message, default=bool(default), instruction=f"{hint} [y/n] ")
        answer = self._run(prompt)
        if question.kind is Kind.MULTI:
            picked = set(answer)
            return tuple(value for value in question.values if value in picked)
        return answer  # type: ignore[no-any-return]

    def select(self, message: str, choices: Sequence[tuple[str, str]], default: str) -> str:
        """Pick one value among titled choices."""
        import questionary  # lazy: only when a person is asked

        options = [questionary.Choice(title, value=value) for value, title in choices]
        return str(self._run(questionary.select(message, choices=options, default=default)))

    def confirm(self, message: str, *, default: bool) -> bool:
        """Ask yes or no."""
        import questionary  # lazy: only when a person is asked

        return bool(self._run(questionary.confirm(message, default=default)))

    def show(self, text: str) -> None:
        """Print text to the terminal between prompts."""
        print(text, flush=True)

    @staticmethod
    def _run(prompt: Any) -> Any:
        try:
            return prompt.unsafe_ask()
        except KeyboardInterrupt:
            raise AbortedError("Interrupted: nothing was written.") from None
        except EOFError:
            raise NonInteractiveError(
                "the terminal closed while scaffold was asking; use --no-input with --answers or --set"
            ) from None
