"""Project configuration: settings, the root URLconf and the server entry points."""
