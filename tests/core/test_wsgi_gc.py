"""Page workers tune the garbage collector at start-up (gongkai/conf/wsgi.py), unless told not to."""

from __future__ import annotations

import os
import subprocess
import sys

PROBE = "import gc, gongkai.conf.wsgi; print(gc.get_threshold()[0], gc.get_freeze_count() > 0)"


def _probe(**env: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "gongkai.conf.settings", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.split()


def test_page_worker_freezes_start_up_heap_and_raises_threshold():
    assert _probe() == ["50000", "True"]


def test_gc_tuning_can_be_turned_off():
    assert _probe(GONGKAI_GC_TUNING="0") == ["700", "False"]
