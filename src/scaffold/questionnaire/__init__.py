"""The questionnaire: what the user needs, asked or given, validated into `Answers`.

The first stage of the pipeline. It owns the question declarations and every
rule about a single answer; nothing here decides, renders or writes.

- `questions`: one declaration per answer key (kind, choices, default, when it is asked, validation).
- `reserved`: the package names a project cannot take (what its .gitignore ignores, its own dependencies).
- `answers`: `Answers`, and turning raw values (files, `--set`, JSON) into valid ones.
- `answer_files`: reading a YAML, JSON or TOML answers file.
- `gather`: the one walk over the questions: given, asked, or the default.
- `prompt`: the questionary front end (the only module that imports questionary).
- `pythons`: which Pythons this machine has, for the python_version default.
- `schema`: the questions as `scaffold questions` prints them, and the summary of answers.

May import: `scaffold.errors`, `scaffold._version`. Nothing else of scaffold
(docs/architecture.md; tests/unit/test_architecture.py checks it).
"""
