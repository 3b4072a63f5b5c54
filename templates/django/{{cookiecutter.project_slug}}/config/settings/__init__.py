"""Settings, one module per environment: local (your machine), test and production.

Each builds on base.py. Pick one with DJANGO_SETTINGS_MODULE or --settings;
manage.py uses local, pytest uses test, gunicorn uses production.
"""
