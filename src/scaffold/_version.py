"""The version of scaffold and the name it is distributed under, read by hatchling at build time."""

__version__ = "0.1.0"

# The name on PyPI. The bare name `scaffold` belongs to an unrelated project
# (0.1.1-0.1.3): anything that installs or looks up a scaffold release by name
# (pip, `scaffold update`, --version) must use this one, never "scaffold".
DISTRIBUTION = "scaffold-web"
