"""The JSON API, version 1 under /api/v1/, described by the OpenAPI schema at /api/schema/."""
