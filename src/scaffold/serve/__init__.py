"""`scaffold serve`: the questionnaire as a web page, and an HTTP API for curl, IDEs and CI.

The web stack (Starlette, uvicorn) is the optional extra `scaffold-web[serve]`.
Only `app` and `server` import it, and only when `scaffold serve` runs, so
`scaffold --help` never pays for it. The other modules are plain Python over
scaffold's own functions, so the API answers exactly what the CLI prints:

- `inputs`: answers from a query string or a JSON body, validated as `--set` is.
- `verdict`: the `recommend --json` text and the page's live form state.
- `rendered`: a project rendered into a temporary folder, read back, removed.
- `archive`: the zip of those files.
- `assets`: the page's HTML, JS and CSS (package data) and the plain-text usage.
- `app`: the routes, the security headers and the body limit.
- `server`: the `scaffold serve` command: binding the socket and running the server.

It asks the engine and the renderer directly, as the CLI does. May import:
`scaffold.render`, `scaffold.decide`, `scaffold.questionnaire`,
`scaffold.errors`, `scaffold._version`; never `scaffold.commands`,
`scaffold.lifecycle` or `scaffold.cli`.
"""
