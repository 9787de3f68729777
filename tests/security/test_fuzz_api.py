"""Schemathesis against /api/openapi.json through the WSGI app: every operation the API
declares (it grows with the API) gets generated valid and invalid input; never a 500, responses
match the schema."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


def test_api_schema_served(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")


OPERATIONS = list(schema.get_all_operations())


def test_api_operations_parse():
    # An empty API is fine for now; every operation added later is fuzzed below.
    assert all(op.ok() for op in OPERATIONS), [op for op in OPERATIONS if not op.ok()]


if OPERATIONS:  # schemathesis refuses a parametrized test without operations

    @pytest.mark.django_db(transaction=True)
    @schema.parametrize()
    @settings(
        max_examples=10,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    def test_api_fuzz(case):
        case.call_and_validate()
