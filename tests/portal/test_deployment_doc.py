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
