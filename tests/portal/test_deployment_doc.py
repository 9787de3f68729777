"""docs/deployment.md recommends the nginx micro-cache that bench/portal_load.py measures, and
states the lifetime the app sets (X-Accel-Expires) and the bench option that checks it."""

from __future__ import annotations

import re
from pathlib import Path

from bench.portal_load import NGINX_SNIPPET
from gongkai.portal import cache

ROOT = Path(__file__).resolve().parents[2]


def _nginx_section() -> str:
    text = (ROOT / "docs" / "deployment.md").read_text(encoding="utf-8")
    return re.search(r"^## 5\. nginx$(.*?)^## ", text, re.M | re.S).group(1)


def _cache_lines(config: str) -> list[str]:
    """The snippet's cache directives: the zone, the skip map, the key, bypass and lifetime."""
    lines = [line.strip() for line in config.splitlines()]
    return [
        line
        for line in lines
        if line
        and not line.startswith("#")
        and (
            "cache" in line
            or line.startswith(("map ", "default ", '"~*', "max_size", "add_header"))
        )
    ]


def test_deployment_guide_carries_the_measured_cache_configuration():
    section = _nginx_section()
    documented = {line.strip() for line in section.splitlines()}
    wanted = _cache_lines(NGINX_SNIPPET)
    assert len(wanted) >= 10
    assert [line for line in wanted if line not in documented] == []
    # Django alone decides what is cached and for how long.
    assert not re.search(r"^\s*proxy_cache_valid", section, re.M)


def test_deployment_guide_states_one_lifetime_and_how_to_check_it():
    section = _nginx_section()
    assert f"**{cache.proxy_max_age()} s**" in section
    assert "X-Accel-Expires" in section and "PORTAL_PROXY_MAX_AGE" in section
    assert "--freshness" in section
    for stale in ("csrftoken", "not cached today", "5s", "5-second", "5 s "):
        assert stale not in section, stale


# --- the city configuration: many counties (deploy/nginx, docs/deployment.md section 7) -------

DEPLOY = ROOT / "deploy" / "nginx"


def _strip_comments(config: str) -> str:
    return "\n".join(line.split("#", 1)[0].rstrip() for line in config.splitlines())


def _upload_locations(text: str) -> dict[str, str]:
    found = re.findall(r"location ~ (\^\S+\$) \{\n\s+client_max_body_size (\d+m);", text)
    return {size: pattern for pattern, size in found}


def test_city_configuration_carries_the_measured_cache_and_the_documented_locations():
    city = (DEPLOY / "gongkai-city.conf").read_text(encoding="utf-8")
    locations = (DEPLOY / "gongkai-locations.conf").read_text(encoding="utf-8")
    both = {line.strip() for line in (city + "\n" + locations).splitlines()}
    assert [line for line in _cache_lines(NGINX_SNIPPET) if line not in both] == []
    assert not re.search(r"^\s*proxy_cache_valid", city + locations, re.M)
    # The upload routes and their limits are the one-county guide's, so the body-limit test of
    # the guide (tests/security/test_body_limits.py) covers the city configuration too.
    documented = _upload_locations((ROOT / "docs" / "deployment.md").read_text(encoding="utf-8"))
    assert set(documented) == {"40m", "2100m"}
    assert _upload_locations(locations) == documented


def test_city_configuration_passes_each_county_host_name_to_the_app():
    locations = _strip_comments((DEPLOY / "gongkai-locations.conf").read_text(encoding="utf-8"))
    blocks = re.findall(r"location [^{]+\{(.*?)\n\}", locations, re.S)
    proxied = [block for block in blocks if "proxy_pass" in block]
    assert len(proxied) == 4
    # Host picks the county; the cache key keeps counties apart.
    assert all("proxy_set_header Host $host;" in block for block in proxied)
    assert '"$scheme$host$request_uri|' in locations


def test_city_configuration_has_a_block_and_a_certificate_per_county_and_refuses_other_names():
    city = _strip_comments((DEPLOY / "gongkai-city.conf").read_text(encoding="utf-8"))
    servers = re.findall(r"^server \{(.*?)^\}", city, re.S | re.M)
    default_tls = [s for s in servers if "443 ssl default_server" in s]
    assert len(default_tls) == 1 and "ssl_reject_handshake on;" in default_tls[0]
    counties = [s for s in servers if "include /etc/nginx/gongkai/gongkai-locations.conf;" in s]
    assert len(counties) >= 2
    names = [re.search(r"server_name\s+([^;]+);", s).group(1).split() for s in counties]
    certificates = [re.search(r"ssl_certificate\s+(\S+);", s).group(1) for s in counties]
    assert len(set(certificates)) == len(counties)
    assert all(names[i][0] in certificates[i] for i in range(len(counties)))
