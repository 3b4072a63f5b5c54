"""The decision in words: the verdict a person reads, and what an override gives up. Pure text out.

Kept apart from `engine` so that the engine stays free of wording about layout;
the reasons' own sentences come from rules.toml.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scaffold.decide.engine import Recommendation

__all__ = ["override_text", "verdict_json", "verdict_text"]


def verdict_json(recommendation: Recommendation) -> str:
    """The verdict as `scaffold recommend --json` prints it and the HTTP API answers it: one JSON object."""
    return json.dumps(recommendation.to_json_dict(), indent=2, ensure_ascii=False)


def override_text(recommended: str, chosen: str, notes: Sequence[str]) -> str:
    """What the user gives up by overriding strong reasons, and what the chosen starter adds."""
    lines = [
        f"You chose {chosen.capitalize()} over the recommended {recommended.capitalize()}. "
        f"Where {recommended.capitalize()} served your needs better, the starter covers them:"
    ]
    lines += [f"  {note}" for note in notes]
    return "\n".join(lines)


_TOP_REASONS = 4


def verdict_text(recommendation: Recommendation) -> str:
    """The verdict a person reads in five seconds: pick, how clear, top reasons, the flip."""
    rec = recommendation
    name = rec.framework.capitalize()
    scores = f"{rec.scores[rec.framework]:.1f} to {rec.scores[rec.other]:.1f}"
    label = rec.margin_label()
    lead = {"clear": "a clear lead", "narrow": "a narrow lead", "a toss-up": "a toss-up"}.get(label, label)
    lines = [f"{name} fits best: {lead} ({scores}).", "", "Why:"]
    lines.extend(
        f"  {reason.claim:<4} {reason.weight:+.1f} {reason.favours.capitalize():<6}  {reason.because}"
        for reason in rec.reasons[:_TOP_REASONS]
    )
    if len(rec.reasons) > _TOP_REASONS:
        more = len(rec.reasons) - _TOP_REASONS
        lines.append(f"  ... and {more} more (scaffold recommend --json lists them all)")
    if not rec.reasons:
        lines.append("  No need you gave leans either way; see the tie rule in the docs.")
    lines += ["", f"What would change it: {rec.flip}"]
    lines.extend(f"  Or: {alternative}" for alternative in rec.alternatives)
    return "\n".join(lines)
