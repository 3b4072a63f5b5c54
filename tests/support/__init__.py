"""Helpers shared by the test modules (not a test package of its own)."""
