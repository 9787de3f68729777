from tests.visits.conftest import _clean_outbox, make_activity  # noqa: F401 - shared fixtures
