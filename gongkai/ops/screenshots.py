"""Screenshots of the main pages per role, for a reviewer (``gongkai screenshots DIR``).

Each role signs in through the real login form and follows the links of its own menu (so a
page the role may not open is never shot, and a new menu entry is shot without a list to keep);
the public pages are shot once more in 长者模式 (care mode). Two sizes: 1366×768 (a county
office's screen) and 390×844 (a phone). Playwright drives Debian's Chromium; both come with
the test dependencies (``pip install -e ".[test]"``), not with the product.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

SIZES = {"desktop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}
# Public pages beyond the menu: a record of each column and the citizen's own tools.
PUBLIC_EXTRA = ["/visits/lookup/", "/questions/lookup/", "/search/?q=补贴"]
DETAIL_LINKS = {  # the first record linked from these lists
    "/interviews/": r"^/interviews/\d+/$",
    "/visits/": r"^/visits/\d+/$",
    "/policies/": r"^/policies/[^/]+/$",
}
STAFF_MAX_PAGES = 14
# Staff pages beyond the menu, shot for each role that may open them (the demo's year is 2023):
# the year review, the lock history, the publishing queue and the audit log ...
STAFF_EXTRA = [
    "/staff/programmes/2023/review/",
    "/assessment/2023/locks/",
    "/publishing/staff/",
    "/staff/audit/",
]
# ... and the first record of these staff lists, with the given variants of its page (the
# activity's steps that follow the day; an interview's page and its crew form).
STAFF_DETAILS = {
    "/visits/staff/": (r"^/visits/staff/\d+/$", ["?step=before", "?step=day", "?step=after"]),
    "/interviews/staff/": (r"^/interviews/staff/\d+/$", ["", "crew/"]),
}
ANONYMOUS = "public"


@dataclass(frozen=True)
class Shot:
    role: str
    path: str
    size: str
    care: bool
    file: Path


def slug(path: str) -> str:
    """ "/interviews/staff/3/control/" → "interviews-staff-3-control" ("/" → "home")."""
    text = re.sub(r"[^0-9A-Za-z]+", "-", urlsplit(path).path).strip("-")
    query = urlsplit(path).query
    if query:
        text += "-q" + str(zlib.crc32(query.encode()) % 10_000)  # stable across runs
    return text or "home"


def _same_site_links(page, selector: str) -> list[str]:
    hrefs = page.eval_on_selector_all(selector, "els => els.map(e => e.getAttribute('href'))")
    seen: list[str] = []
    for href in hrefs:
        if not href or not href.startswith("/") or href.startswith("//"):
            continue
        if href.split("#")[0] not in seen and not href.startswith(("/accounts/logout", "/media/")):
            seen.append(href.split("#")[0])
    return seen


def public_paths(page, base: str) -> list[str]:
    page.goto(base + "/")
    paths = _same_site_links(page, ".site-nav a")
    for listing, pattern in DETAIL_LINKS.items():
        page.goto(base + listing)
        first = next((p for p in _same_site_links(page, "main a") if re.match(pattern, p)), None)
        if first:
            paths.append(first)
    return paths + [p for p in PUBLIC_EXTRA if p not in paths]


def _opens(page, base: str, path: str) -> bool:
    response = page.goto(base + path)
    return response is not None and response.status == 200


def staff_paths(page, base: str) -> list[str]:
    """The role's menu pages, then the pages beyond the menu it may open (200, never a
    refusal)."""
    page.goto(base + "/staff/")
    paths = ["/staff/"] + [p for p in _same_site_links(page, ".site-nav a") if p != "/staff/"]
    paths = paths[:STAFF_MAX_PAGES]
    for listing, (pattern, variants) in STAFF_DETAILS.items():
        if not _opens(page, base, listing):
            continue
        first = next((p for p in _same_site_links(page, "main a") if re.match(pattern, p)), None)
        if first:
            # each variant on its own: the unit may open its interview, not the crew form
            variants = [first + v for v in variants if first + v not in paths]
            paths += [p for p in variants if _opens(page, base, p)]
    extra = [p for p in STAFF_EXTRA if p not in paths and _opens(page, base, p)]
    return paths + [p for p in extra if p not in paths]


def sign_in(page, base: str, username: str, password: str) -> None:
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("main form:has(#id_password) button[type=submit]").click()
    page.wait_for_load_state()


def set_care_mode(page, base: str, on: bool) -> None:
    page.goto(base + "/")
    button = page.locator("form[action$='/care-mode/'] button[aria-pressed]")
    if (button.get_attribute("aria-pressed") == "true") != on:
        button.click()
        page.wait_for_load_state()


def take(
    browser,
    base: str,
    out: Path,
    *,
    accounts: Iterable[tuple[str, str]],
    password: str,
    say: Callable[[str], None] = print,
) -> list[Shot]:
    """Shoot every role in ``accounts`` ((role name, username); username "" = not signed in)."""
    shots: list[Shot] = []
    for role, username in accounts:
        for size, viewport in SIZES.items():
            context = browser.new_context(
                viewport=viewport,
                locale="zh-CN",
                timezone_id="Asia/Shanghai",
                is_mobile=size == "phone",
                has_touch=size == "phone",
            )
            context.set_default_timeout(60_000)  # a busy machine renders long pages slowly
            page = context.new_page()
            try:
                if username:
                    sign_in(page, base, username, password)
                    modes = [False]
                    paths = staff_paths(page, base)
                else:
                    modes = [False, True]
                    paths = public_paths(page, base)
                for care in modes:
                    if not username:
                        set_care_mode(page, base, care)
                    for path in paths:
                        name = f"{slug(path)}-{size}{'-care' if care else ''}.png"
                        file = out / role / name
                        file.parent.mkdir(parents=True, exist_ok=True)
                        page.goto(base + path)
                        page.wait_for_load_state()
                        page.screenshot(path=str(file), full_page=True)
                        shots.append(Shot(role, path, size, care, file))
                        say(str(file))
            finally:
                context.close()
    return shots


def write_index(out: Path, shots: list[Shot]) -> Path:
    """index.html beside the images: one section per role, each page at both sizes."""
    lines = [
        "<!doctype html><meta charset='utf-8'><title>Gongkai screenshots</title>",
        "<style>img{max-width:100%;border:1px solid #ccc}figure{display:inline-block;"
        "vertical-align:top;margin:0 1em 1em 0;max-width:45%}</style>",
    ]
    for role in dict.fromkeys(s.role for s in shots):
        lines.append(f"<h2>{role}</h2>")
        for shot in (s for s in shots if s.role == role):
            rel = shot.file.relative_to(out).as_posix()
            care = " 长者模式" if shot.care else ""
            lines.append(
                f"<figure><img src='{rel}' alt='{shot.path}' loading='lazy'>"
                f"<figcaption>{shot.path} · {shot.size}{care}</figcaption></figure>"
            )
    index = out / "index.html"
    index.write_text("\n".join(lines), encoding="utf-8")
    return index
