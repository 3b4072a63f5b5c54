"""Pages: the home page and what every page shares (base template, site name)."""
