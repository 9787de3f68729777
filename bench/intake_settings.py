"""Settings of the server bench/question_intake.py starts: the application's own settings with
the benchmark's URLconf (``bench/intake_urls.py``: the application's URLs plus the bare insert
it is compared with). Never used outside the benchmark."""

from gongkai.conf.settings import *  # noqa: F403

ROOT_URLCONF = "bench.intake_urls"
