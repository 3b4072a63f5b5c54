"""The project's own Django apps, templates and static files."""
