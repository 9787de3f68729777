"""WSGI entry point of the intake benchmark's server (bench/question_intake.py).

The application as deployed (``gongkai.conf.wsgi``, the same start-up), with two differences
that exist only here: the bench's settings and URLconf (the bare insert view,
``bench/intake_urls.py``) and the CAPTCHA answered for every request, since a load generator
cannot read it. Every other check of the intake runs. The product has no switch for either:
this module is the only way to get them."""

import os

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.intake_settings"

from gongkai.conf.wsgi import application  # noqa: E402
from gongkai.questions import captcha  # noqa: E402


def _answered(token: str, answer: str) -> bool:
    return True


captcha.verify = _answered

__all__ = ["application"]
