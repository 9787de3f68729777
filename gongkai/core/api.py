"""The read-only JSON API; its OpenAPI 3 schema is served at /api/openapi.json."""

from ninja import NinjaAPI

api = NinjaAPI(title="Gongkai API", version="1", urls_namespace="api")
