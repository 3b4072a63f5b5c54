"""The decision: Django or Flask from the needs, with the reasons, the margin and what would flip it.

The second stage of the pipeline, and pure: the same needs always give the
same verdict, with no I/O but reading the packaged `rules.toml`.

- `rules`: loading and checking `rules.toml` (each rule cites a claim T1-T16 of the article).
- `engine`: scoring the rules against the needs into a `Recommendation`; override notes.
- `flip`: the smallest change to the needs that would pick the other framework, in words.
- `explain`: the verdict as a person reads it and as JSON.

May import: `scaffold.questionnaire`, `scaffold.errors`, `scaffold._version`,
`scaffold._tmpcache` (the parsed rules are kept there between runs).
"""
