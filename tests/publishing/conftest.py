from tests.visits.conftest import _clean_outbox, _media_in_tmp, make_activity  # noqa: F401
