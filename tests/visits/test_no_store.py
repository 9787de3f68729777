"""Pen-test item 14: pages that show full ID numbers and phones are sent with
``Cache-Control: no-store`` (no copy in the browser's history or a proxy)."""

from gongkai.visits import services
from tests.visits.conftest import person


def test_pages_with_full_id_numbers_are_not_stored(client_as, upcoming):
    services.self_register(upcoming, **person(3))
    client = client_as("service_center")  # sees contacts in full
    pages = [
        f"/visits/staff/{upcoming.pk}/",
        f"/visits/staff/{upcoming.pk}/sign-in-sheet/",
        "/visits/staff/representatives/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
    assert person(3)["id_number"] in client.get(pages[0]).content.decode()
