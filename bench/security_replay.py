"""Replay the pen test's attacks (issue 11, items 1–4, 8, 10, 11) against the deployed profile.

Starts Gongkai as deployed: DEBUG off, random SECRET_KEY / FIELD_ENCRYPTION_KEY /
FIELD_LOOKUP_KEY, two-factor sign-in required, gunicorn (2 sync workers) for the pages and
uvicorn for ``/live/``, a throwaway PostgreSQL database and Redis, the 2023 demo data, every
demo account with a confirmed authenticator whose secret this script knows, and a superuser.
No proxy is configured (``GONGKAI_TRUSTED_PROXIES`` empty): clients talk to the servers
directly from different loopback addresses (127.0.x.y) as different people would.

Each attack is played over HTTP as an outside tester would and the script prints one line per
item: what was tried, what the server answered, ``HOLDS`` or ``BROKEN``. Exit status 1 when any
item is broken.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/9 \\
        .venv/bin/python bench/security_replay.py

``DATABASE_URL`` names the server and a maintenance database: the replay creates
``security_replay_<random>`` beside it and drops it afterwards. The Redis database given is
flushed before the run (the limits' counters live there).
"""

from __future__ import annotations

import base64
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx

REPO_ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
BIN = Path(PYTHON).parent
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
PASSWORD = "Replay-pass-2026!"
LIVE_CAP = 20  # LIVE_MAX_CONNECTIONS_PER_ADDRESS for the run: small, so item 11 is quick

SETUP = r"""
import datetime as dt, json, sys
from django.utils import timezone
from gongkai.accounts.models import TOTPDevice, User, Role
from gongkai.ops.demo import load_demo
from gongkai.interviews import services as interviews
from gongkai.interviews.models import Interview, InterviewStatus, SpeakerKind
from gongkai.questions import services as questions
from gongkai.units.models import Unit
from gongkai.visits import services as visits

secret, password = sys.argv[1], sys.argv[2]
programme = load_demo()
root = User.objects.create_superuser("root", password=password, role=Role.ADMIN)
for user in User.objects.all():
    user.set_password(password)
    user.must_change_password = False
    user.save()
    TOTPDevice.objects.update_or_create(user=user, defaults={"secret": secret, "confirmed": True})
service = User.objects.get(username="service")

# a live interview (the netizens' questions, the live stream) and a draft one (rehearsal)
live, draft = Interview.objects.filter(starts_at__isnull=False).order_by("pk")[:2]
for interview, status in ((live, InterviewStatus.LIVE), (draft, InterviewStatus.DRAFT)):
    interview.status = status
    interview.save(update_fields=["status"])
interviews.add_feed_line(
    draft, speaker_kind=SpeakerKind.HOST, speaker_name="", text="REHEARSAL-LINE 彩排", by=service
)
taken_back = interviews.add_feed_line(
    live, speaker_kind=SpeakerKind.HOST, speaker_name="", text="TAKEN-BACK-LINE 口误", by=service
)
interviews.remove_feed_line(taken_back, by=service)
question, _code = questions.ask_question(
    live, nickname="网友", text="我的电话 13912345678 PHONE-BEFORE-REDACTION", kind="consult",
    phone="", is_public=True,
)
questions.approve_question(question, by=service)
questions.correct_question(question, text="我的电话 [已隐去]", by=service)

# an activity ten days from now, open for self-registration
track = programme.tracks.get(kind="visits")
today = timezone.localdate()
track.start, track.end = today - dt.timedelta(days=30), today + dt.timedelta(days=90)
track.save()
unit = Unit.objects.get(name="县农业农村局")
activity = visits.submit_plan(
    programme, unit, by=User.objects.get(username="nongye"), now=timezone.now(),
    title="走进县农业农村局（复测）", starts_at=timezone.now() + dt.timedelta(days=10),
    place="会议室", contact_name="联络人", contact_phone="0912-4600001", leader="局长",
    capacity=40,
)
print(json.dumps({"live": live.pk, "draft": draft.pk, "activity": activity.pk}))
"""


# --- servers -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"server at {url} did not start")


@contextmanager
def database(url: str):
    """A fresh PostgreSQL database next to ``url``'s, dropped at the end."""
    import psycopg

    name = f"security_replay_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(url)
    try:
        yield urlunsplit(parts._replace(path="/" + name))
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def deployed(database_url: str, redis_url: str):
    work = Path(tempfile.mkdtemp(prefix="security-replay-"))
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEY": base64.urlsafe_b64encode(os.urandom(32)).decode(),
        "FIELD_LOOKUP_KEY": secrets.token_urlsafe(32),
        "GONGKAI_REQUIRE_2FA": "true",
        "GONGKAI_TRUSTED_PROXIES": "",
        "GONGKAI_DATA_DIR": str(work),
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LIVE_MAX_CONNECTIONS_PER_ADDRESS": str(LIVE_CAP),
        "DJANGO_SETTINGS_MODULE": "gongkai.conf.settings",
        "PYTHONPATH": str(REPO_ROOT),
    }
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    manage = [PYTHON, str(REPO_ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v", "0"], env=env, check=True, cwd=work)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v", "0"], env=env, check=True)
    setup = subprocess.run(
        [PYTHON, "-c", "import django; django.setup()\n" + SETUP, TOTP_SECRET, PASSWORD],
        env=env,
        check=True,
        cwd=work,
        capture_output=True,
        text=True,
    )
    ids = json.loads(setup.stdout.strip().splitlines()[-1])
    page_port, live_port = free_port(), free_port()
    procs = [
        subprocess.Popen(
            [str(BIN / "gunicorn"), "gongkai.conf.wsgi:application", "--workers", "2",
             "--bind", f"127.0.0.1:{page_port}", "--log-level", "warning"],
            env=env, cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=open(work / "gunicorn.log", "w"),
        ),
        subprocess.Popen(
            [PYTHON, "-m", "uvicorn", "gongkai.conf.asgi:application", "--port", str(live_port),
             "--host", "127.0.0.1", "--log-level", "warning"],
            env=env, cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=open(work / "uvicorn.log", "w"),
        ),
    ]  # fmt: skip
    try:
        wait_for(f"http://127.0.0.1:{page_port}/healthz")
        wait_for(f"http://127.0.0.1:{live_port}/healthz")
        yield f"http://127.0.0.1:{page_port}", f"http://127.0.0.1:{live_port}", ids, work
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


# --- clients -----------------------------------------------------------------------------


def person_at(base: str, address: str) -> httpx.Client:
    """A browser on its own loopback address (REMOTE_ADDR is what the server sees)."""
    return httpx.Client(
        base_url=base,
        transport=httpx.HTTPTransport(local_address=address),
        timeout=httpx.Timeout(30, read=30),
        headers={"Accept-Language": "zh-hans"},
    )


CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def csrf(client: httpx.Client, path: str) -> str:
    match = CSRF_RE.search(client.get(path).text)
    return match.group(1) if match else client.cookies.get("csrftoken", "")


def totp_now(offset: int = 0) -> str:
    import hashlib
    import hmac

    key = base64.b32decode(TOTP_SECRET)
    counter = int(time.time()) // 30 + offset
    digest = hmac.new(key, counter.to_bytes(8, "big"), hashlib.sha1).digest()
    pos = digest[-1] & 0x0F
    return f"{(int.from_bytes(digest[pos : pos + 4], 'big') & 0x7FFFFFFF) % 1_000_000:06d}"


def wrong_code() -> str:
    right = {totp_now(o) for o in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in right)


def password_step(client: httpx.Client, username: str, password: str = PASSWORD, **headers):
    token = csrf(client, "/accounts/login/")
    return client.post(
        "/accounts/login/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": token},
        headers=headers,
    )


def code_step(client: httpx.Client, code: str) -> httpx.Response:
    token = csrf(client, "/accounts/login/code/")
    return client.post("/accounts/login/code/", data={"code": code, "csrfmiddlewaretoken": token})


def location(response: httpx.Response) -> str:
    return response.headers.get("location", "")


def sse(base: str, address: str, path: str, last_event_id: str = "0", seconds: float = 2.0):
    """(status, body) of a stream read for ``seconds``."""
    chunks: list[bytes] = []
    with httpx.Client(
        base_url=base,
        transport=httpx.HTTPTransport(local_address=address),
        timeout=httpx.Timeout(10, read=seconds),
    ) as client:
        try:
            with client.stream("GET", path, headers={"Last-Event-ID": last_event_id}) as response:
                status = response.status_code
                deadline = time.monotonic() + seconds
                for chunk in response.iter_raw():
                    chunks.append(chunk)
                    if time.monotonic() > deadline:
                        break
        except httpx.ReadTimeout:
            pass
    return status, b"".join(chunks).decode("utf-8", "replace")


# --- the items ---------------------------------------------------------------------------

RESULTS: list[tuple[str, bool, str]] = []


def report(item: str, holds: bool, text: str) -> None:
    RESULTS.append((item, holds, text))
    print(f"{item:>3}  {'HOLDS ' if holds else 'BROKEN'}  {text}", flush=True)


def item_1(base: str) -> None:
    with person_at(base, "127.0.1.1") as client:
        door = client.get("/django-admin/login/")
        password_step(client, "root")  # password right, no code given
        admin = client.get("/django-admin/")
        staff = client.get("/accounts/staff/")
    holds = (
        door.status_code == 302
        and location(door).startswith("/accounts/login/")
        and admin.status_code == 302
        and staff.status_code == 302
    )
    report(
        "1",
        holds,
        f"/django-admin/login/ → {door.status_code} {location(door)}; superuser with the "
        f"password only: /django-admin/ → {admin.status_code} {location(admin)}, "
        f"/accounts/staff/ → {staff.status_code} {location(staff)}",
    )


def item_2(base: str, live_base: str, ids: dict) -> None:
    draft, live = ids["draft"], ids["live"]
    draft_status, draft_body = sse(live_base, "127.0.2.1", f"/live/interview-{draft}/")
    live_status, live_body = sse(live_base, "127.0.2.2", f"/live/interview-{live}/")
    leaked = [
        marker
        for marker in ("REHEARSAL-LINE", "TAKEN-BACK-LINE", "PHONE-BEFORE-REDACTION", "13912345678")
        if marker in draft_body + live_body
    ]
    events = live_body.count("\nid: ") + live_body.startswith("id: ")
    holds = draft_status == 404 and live_status == 200 and not leaked and "[已隐去]" in live_body
    report(
        "2",
        holds,
        f"anonymous /live/ of a draft interview → {draft_status}; replay from Last-Event-ID 0 of "
        f"the live one → {live_status}, {events} events, taken-back line / pre-redaction text "
        f"in it: {', '.join(leaked) or 'none'}",
    )


PROMPT_RE = re.compile(r"(\d+)\s*加\s*(\d+)")
TOKEN_RE = re.compile(r'name="captcha_token" value="([^"]+)"')


def item_3(base: str, ids: dict) -> None:
    path = f"/questions/interview/{ids['live']}/ask/"
    junk = {"nickname": "x", "kind": "consult", "text": "垃圾" * 5, "captcha_answer": ""}
    codes: dict[int, int] = {}
    sent = 0
    for host in range(1, 81):  # 80 addresses × 5 junk posts with no CAPTCHA answer
        with person_at(base, f"127.0.3.{host}") as client:
            token = csrf(client, path)
            for _ in range(5):
                status = client.post(path, data={**junk, "csrfmiddlewaretoken": token}).status_code
                codes[status] = codes.get(status, 0) + 1
                sent += 1
    with person_at(base, "127.0.3.200") as netizen:
        page = netizen.get(path).text
        a, b = map(int, PROMPT_RE.search(page).groups())
        answer = netizen.post(
            path,
            data={
                "csrfmiddlewaretoken": CSRF_RE.search(page).group(1),
                "captcha_token": TOKEN_RE.search(page).group(1),
                "captcha_answer": str(a + b),
                "nickname": "真实网友",
                "kind": "consult",
                "text": "请问今年的农机购置补贴什么时候开始申请？",
                "is_public": "on",
            },
        )
    holds = answer.status_code == 200 and "查询码" in answer.text
    report(
        "3",
        holds,
        f"{sent} junk questions without a CAPTCHA answer from 80 addresses → "
        f"{', '.join(f'{n}× {c}' for c, n in sorted(codes.items()))}; then a real netizen "
        f"→ {answer.status_code} {'accepted (lookup code shown)' if holds else 'refused'}",
    )


def item_4(base: str) -> None:
    codes = []
    with person_at(base, "127.0.4.1") as attacker:
        for n in range(35):  # a new X-Real-IP on every attempt
            response = password_step(
                attacker, f"nobody{n}", "wrong", **{"X-Real-IP": f"10.9.{n}.1"}
            )
            codes.append("blocked" if "本网络登录失败次数过多" in response.text else "tried")
        blocked_victim_try = [
            password_step(attacker, "nobody", "wrong", **{"X-Real-IP": "127.0.4.2"}).status_code
            for _ in range(3)
        ]
    with person_at(base, "127.0.4.2") as victim:  # the address the attacker named
        victim_answer = password_step(victim, "county")
    refused_after = next((i + 1 for i, c in enumerate(codes) if c == "blocked"), None)
    holds = refused_after == 31 and victim_answer.status_code == 302
    report(
        "4",
        holds,
        f"35 wrong sign-ins from one address, each with a new X-Real-IP: refused (本网络登录失败次数过多) from "
        f"attempt {refused_after}; {len(blocked_victim_try)} more naming a victim's address; "
        f"the victim's own sign-in → {victim_answer.status_code} "
        f"{location(victim_answer)}",
    )


def item_8(base: str) -> None:
    steps = []
    with person_at(base, "127.0.8.1") as client:
        for _round in range(3):  # a fresh password sign-in before each burst of guesses
            password_step(client, "service")
            for _ in range(2):
                response = code_step(client, wrong_code())
                steps.append(response.status_code)
        password_step(client, "service")
        right = code_step(client, totp_now())
        staff = client.get("/staff/")
    locked = right.status_code == 302 and location(right).startswith("/accounts/login/")
    holds = locked and staff.status_code == 302
    report(
        "8",
        holds,
        f"6 wrong TOTP codes in 3 password sign-ins (the counter is not reset by a password "
        f"sign-in): the right code then → {right.status_code} {location(right)}, /staff/ → "
        f"{staff.status_code} (account locked)",
    )


def valid_id(n: int) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    first = f"61082419800101{n:03d}"
    total = sum(int(d) * w for d, w in zip(first, weights, strict=True))
    return first + "10X98765432"[total % 11]


def register(client: httpx.Client, activity: int, n: int, phone: str, id_number: str = ""):
    path = f"/visits/{activity}/register/"
    token = csrf(client, path)
    return client.post(
        path,
        data={
            "csrfmiddlewaretoken": token,
            "name": f"测试{n}号",
            "id_number": id_number or valid_id(n),
            "phone": phone,
            "address": "靖边县测试路1号",
            "workplace": "测试单位",
            "email": "",
            "consent": "on",
            "lives_in_county": "on",
        },
    )


def item_10(base: str, ids: dict) -> None:
    activity = ids["activity"]
    with person_at(base, "127.0.10.1") as client:
        filled = [register(client, activity, n, f"1390000{n:04d}").status_code for n in range(19)]
    accepted_from_one_address = filled.count(302)
    full_width = valid_id(0)[:17].translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    with person_at(base, "127.0.10.2") as client:
        again = register(client, activity, 0, "13911110000", full_width + valid_id(0)[17])
        same_phone = [
            register(client, activity, 100 + n, "13922223333").status_code for n in range(4)
        ]
    holds = (
        accepted_from_one_address <= 10 and again.status_code == 200 and same_phone.count(302) <= 2
    )
    report(
        "10",
        holds,
        f"19 invented people from one address: {accepted_from_one_address} accepted, "
        f"{len(filled) - accepted_from_one_address} refused; the first one again with a "
        f"full-width ID → {again.status_code} (refused, same person); 4 people on one phone → "
        f"{same_phone.count(302)} accepted",
    )


def item_11(live_base: str, ids: dict) -> None:
    import asyncio

    path = f"/live/interview-{ids['live']}/"

    async def one(address: str) -> int:
        reader, writer = await asyncio.open_connection(
            "127.0.0.1", int(urlsplit(live_base).port), local_addr=(address, 0)
        )
        writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        await writer.drain()
        line = await asyncio.wait_for(reader.readline(), 10)
        held.append(writer)
        return int(line.split()[1])

    held: list = []

    async def main() -> tuple[list[int], int]:
        flood = await asyncio.gather(*(one("127.0.11.1") for _ in range(LIVE_CAP + 30)))
        other = await one("127.0.11.2")
        for writer in held:
            writer.close()
        return flood, other

    flood, other = asyncio.run(main())
    holds = flood.count(200) <= LIVE_CAP and flood.count(429) >= 30 and other == 200
    report(
        "11",
        holds,
        f"{len(flood)} streams from one address (cap {LIVE_CAP} per worker): "
        f"{flood.count(200)} × 200, {flood.count(429)} × 429; a viewer on another address → "
        f"{other}",
    )


def main() -> int:
    database_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/9")
    started = time.monotonic()
    with database(database_url) as db_url, deployed(db_url, redis_url) as (base, live, ids, _):
        print(
            f"deployed profile: gunicorn {base} (2 workers), uvicorn {live}, PostgreSQL, Redis "
            f"{redis_url}, DEBUG off, 2FA required, no trusted proxy; demo data loaded",
            flush=True,
        )
        item_1(base)
        item_2(base, live, ids)
        item_3(base, ids)
        item_4(base)
        item_8(base)
        item_10(base, ids)
        item_11(live, ids)
    broken = [item for item, holds, _ in RESULTS if not holds]
    print(
        f"{len(RESULTS) - len(broken)} of {len(RESULTS)} items hold"
        + (f"; BROKEN: {', '.join(broken)}" if broken else "")
        + f" ({time.monotonic() - started:.0f} s)"
    )
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
