"""gongkai.lib.ratelimit.client_address_from: whose X-Real-IP is believed."""

from __future__ import annotations

import pytest

from gongkai.lib.ratelimit import client_address_from


@pytest.mark.parametrize(
    ("proxies", "peer", "header", "expected"),
    [
        ([], "198.51.100.9", "192.0.2.1", "198.51.100.9"),  # nobody trusted by default
        (["10.0.0.2"], "198.51.100.9", "192.0.2.1", "198.51.100.9"),  # not the proxy
        (["10.0.0.2"], "10.0.0.2", "192.0.2.1", "192.0.2.1"),
        (["10.0.0.0/24"], "10.0.0.7", "2001:db8::1", "2001:db8::1"),
        (["::1"], "::1", "192.0.2.1", "192.0.2.1"),
        (["10.0.0.2"], "10.0.0.2", "not-an-address", "10.0.0.2"),  # garbage: the proxy's own
        (["10.0.0.2"], "10.0.0.2", "192.0.2.1, 10.1.1.1", "10.0.0.2"),  # one hop: one address
        (["10.0.0.2"], "10.0.0.2", None, "10.0.0.2"),
        ([], "", "192.0.2.1", None),
    ],
)
def test_client_address_from_trusts_only_configured_proxies(
    settings, proxies, peer, header, expected
):
    settings.GONGKAI_TRUSTED_PROXIES = proxies
    assert client_address_from(peer, header) == expected
