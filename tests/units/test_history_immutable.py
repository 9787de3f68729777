"""A published year is a record no later edit rewrites (issue 13, items 1 and 2).

Build 2023 (the demo), take every 2023 public page, export and score; then, through the staff
pages only, set up 2024 (copy, new dates, a unit renamed, one retired, one merged, other
weights, a staff account deactivated) and publish it; every 2023 page, export and score is then
byte-for-byte what it was (only CSRF tokens, nonces and file-generation timestamps normalised).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest
from django.core.management import call_command
from django.test import Client

from gongkai.accounts.models import User
from gongkai.assessment import services as assessment
from gongkai.interviews import exports as interview_exports
from gongkai.interviews.models import Interview
from gongkai.ops.demo import load_demo
from gongkai.policies.models import Interpretation, PolicyDocument
from gongkai.programmes.models import Programme
from gongkai.units.models import Unit
from gongkai.visits import exports as visit_exports
from gongkai.visits.models import Activity
from tests.fixtures.queries import clear_caches
from tests.programmes.test_editing import formset_post, programme_post

RENAMED = ("县农业农村局", "县农业农村和水利局")
RETIRED = "县统计局"
MERGED = ("县教育和科技局", "县教育和体育局")


# --- normalising what legitimately differs from one rendering to the next ----------------------

HTML_VOLATILE = [
    (re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"'), b'name="csrfmiddlewaretoken"'),
    (re.compile(rb'nonce="[^"]*"'), b'nonce=""'),
    (re.compile(rb'<meta name="csrf-token" content="[^"]*"'), b'<meta name="csrf-token"'),
    # the ask form's picture and sum challenges are drawn afresh for every page
    (re.compile(rb'name="captcha_token" value="[^"]*"'), b'name="captcha_token"'),
    (re.compile(rb'<label for="id_captcha_answer">[^<]*</label>'), b"<label captcha>"),
    (re.compile(rb"/questions/captcha/[^\"']*"), b"/questions/captcha/"),
    (re.compile(rb'name="captcha_variant" value="[^"]*"'), b'name="captcha_variant"'),
    # the search form offers every year something was published in: a new year is added
    (re.compile(rb'<option value="20\d\d"( selected)?>20\d\d</option>'), b""),
    # the staff pages' year switcher offers every year there is: a new year is added
    (re.compile(rb'<nav class="year-switcher.*?</nav>', re.S), b"<nav year-switcher>"),
]
PDF_VOLATILE = [
    (re.compile(rb"/(CreationDate|ModDate) \(D:[^)]*\)"), rb"/\1 ()"),
    (re.compile(rb"/ID\s*\[<[0-9a-fA-F]+><[0-9a-fA-F]+>\]"), b"/ID []"),
]
# Parts of an Office file that only say when it was generated.
OFFICE_VOLATILE_PARTS = {"docProps/core.xml", "docProps/app.xml"}


def office_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {
            name: archive.read(name)
            for name in sorted(archive.namelist())
            if name not in OFFICE_VOLATILE_PARTS
        }


def normalised(content: bytes, content_type: str) -> object:
    if content[:2] == b"PK":
        return office_parts(content)
    patterns = PDF_VOLATILE if content.startswith(b"%PDF") else HTML_VOLATILE
    for pattern, replacement in patterns:
        content = pattern.sub(replacement, content)
    return content


def fetch(client: Client, url: str) -> object:
    clear_caches()  # never an answer from the page cache
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return normalised(body, response.get("Content-Type", ""))


# --- what a year shows -------------------------------------------------------------------------


def public_urls(year: int) -> list[str]:
    programme = Programme.objects.get(year=year)
    urls = [
        f"/notices/{year}/",
        f"/notices/{year}/notice.docx",
        f"/notices/{year}/notice.pdf",
        *(f"/notices/{year}/attachments/{a.number}/" for a in programme.attachments.all()),
    ]
    anonymous = Client()
    for interview in Interview.objects.filter(programme=programme).order_by("pk"):
        if anonymous.get(f"/interviews/{interview.pk}/").status_code == 200:
            urls.append(f"/interviews/{interview.pk}/")
    for activity in Activity.objects.filter(programme=programme).order_by("pk"):
        if anonymous.get(f"/visits/{activity.pk}/").status_code == 200:
            urls.append(f"/visits/{activity.pk}/")
    # the policy documents published in the year (a later year's notice is a document of its own)
    for document in PolicyDocument.objects.filter(published_on__year=year).order_by("pk"):
        if anonymous.get(f"/policies/{document.pk}/").status_code == 200:
            urls.append(f"/policies/{document.pk}/")
    for interpretation in Interpretation.objects.filter(document__published_on__year=year).order_by(
        "pk"
    ):
        url = f"/policies/interpretations/{interpretation.pk}/"
        if anonymous.get(url).status_code == 200:
            urls.append(url)
    for name in (RENAMED[0], RETIRED, MERGED[0], "镇靖镇"):
        urls.append(f"/search/?q={name}&year={year}")
    return urls


def staff_urls(year: int) -> list[str]:
    """What the assessor reads of a year: the ranking, its print and .xlsx, each unit's page."""
    programme = Programme.objects.get(year=year)
    return [
        f"/assessment/{year}/",
        f"/assessment/{year}/print/",
        f"/assessment/{year}/report.xlsx",
        *(f"/assessment/{year}/units/{unit.pk}/" for unit in programme.participants.order_by("pk")),
    ]


def snapshot(year: int, assessor: User) -> dict[str, object]:
    anonymous, staff = Client(), Client()
    staff.force_login(assessor)
    pages: dict[str, object] = {url: fetch(anonymous, url) for url in public_urls(year)}
    pages.update({url: fetch(staff, url) for url in staff_urls(year)})
    programme = Programme.objects.get(year=year)
    # The 附件1/附件2 exports of the year, as the staff pages build them.
    activities = list(Activity.objects.filter(programme=programme).order_by("unit__sort_order"))
    pages["附件1.xlsx"] = office_parts(visit_exports.attachment_1_xlsx(programme, activities))
    interviews = Interview.objects.filter(programme=programme)
    pages["附件2.xlsx"] = office_parts(interview_exports.attachment2_xlsx(programme, interviews))
    pages["scores"] = assessment.table_as_data(assessment.compute_scores(programme))
    return pages


def describe(changed: list[str], before: dict, after: dict) -> str:
    """What changed, as a short diff per page (for the failure message)."""
    import difflib

    def lines(value: object) -> list[str]:
        if isinstance(value, dict):
            return [f"{k}: {v!r}"[:300] for k, v in value.items()]
        text = value.decode(errors="replace") if isinstance(value, bytes) else repr(value)
        return text.splitlines()

    parts = []
    for url in changed:
        diff = difflib.unified_diff(lines(before[url]), lines(after.get(url)), lineterm="", n=0)
        parts.append(url + "\n" + "\n".join(list(diff)[2:14]))
    return "\n\n".join(parts)


# --- setting up 2024 through the staff pages -----------------------------------------------------


def confirm(client: Client, url: str, data: dict[str, str]) -> None:
    """POST a form that asks first: the confirmation page, then the confirmed action."""
    asked = client.post(url, data)
    assert asked.status_code == 200, asked.status_code
    assert 'name="confirmed"' in asked.content.decode()
    done = client.post(url, {**data, "confirmed": "1"})
    assert done.status_code == 302, done.content.decode()[:2000]


def set_up_2024(county: Client, admin: Client) -> None:
    p2023 = Programme.objects.get(year=2023)
    response = county.post(
        "/staff/programmes/new/", {"year": "2024", "title": "", "copy_from": p2023.pk}
    )
    assert response.status_code == 302
    p2024 = Programme.objects.get(year=2024)
    # new dates: the visits window and the deadlines move by a few days
    tracks = list(p2024.tracks.all())
    visits = [t.kind for t in tracks].index("visits")
    response = formset_post(
        county,
        "/staff/programmes/2024/tracks/",
        edits={visits: {"start": "2024-04-08", "end": "2024-10-30"}},
    )
    assert response.status_code == 302
    edits = {
        index: {"due_date": (d.due_date + dt.timedelta(days=3)).isoformat()}
        for index, d in enumerate(p2024.deadlines.all())
    }
    assert formset_post(county, "/staff/programmes/2024/deadlines/", edits=edits).status_code == 302

    # the units directory: a new unit, a rename, a retirement and a merge
    new_unit = {"name": MERGED[1], "kind": "department", "sort_order": "60"}
    assert county.post("/staff/units/new/", new_unit).status_code == 302
    renamed = Unit.objects.get(name=RENAMED[0])
    confirm(county, f"/staff/units/{renamed.pk}/rename/", {"name": RENAMED[1]})
    retired = Unit.objects.get(name=RETIRED)
    assert (
        county.post(f"/staff/units/{retired.pk}/deactivate/", {"confirmed": "1"}).status_code == 302
    )
    merged = Unit.objects.get(name=MERGED[0])
    into = Unit.objects.get(name=MERGED[1])
    confirm(county, f"/staff/units/{merged.pk}/merge/", {"into": str(into.pk)})

    # other weights
    assert (
        county.post("/assessment/2024/indicators/", {"action": "create-default"}).status_code == 302
    )
    leaves = list(p2024.indicators.filter(children__isnull=True).order_by("pk"))
    weights = {f"weight-{leaf.pk}": str(leaf.weight) for leaf in leaves}
    weights[f"weight-{leaves[0].pk}"] = str(leaves[0].weight + 5)
    weights[f"weight-{leaves[1].pk}"] = str(leaves[1].weight - 5)
    assert county.post("/assessment/2024/indicators/", weights).status_code == 302

    # a staff account who did 2023's work is deactivated
    tongji = User.objects.get(username="tongji")
    admin.post(f"/accounts/staff/{tongji.pk}/active/", {"active": "0", "confirmed": "1"})

    # publish 2024
    p2024.refresh_from_db()
    response = county.post(
        "/staff/programmes/2024/edit/",
        programme_post(
            p2024,
            notice_number="靖政办发〔2024〕9号",
            notice_date="2024-04-01",
            notice_text=p2023.notice_text.replace("2023", "2024"),
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    # A year goes public through its review page: the warnings are read, then it is published.
    response = county.post("/staff/programmes/2024/review/", {"warnings_read": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]


@pytest.fixture
def demo(db, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    with django_capture_on_commit_callbacks(execute=True):
        programme = load_demo()
    call_command("reindex", verbosity=0)
    return programme


def test_setting_up_and_publishing_2024_leaves_every_2023_page_export_and_score_as_it_was(
    demo, django_capture_on_commit_callbacks
):
    assessor = User.objects.get(username="assessor")
    before = snapshot(2023, assessor)
    assert len(before) > 30
    county, admin = Client(), Client()
    county.force_login(User.objects.get(username="county"))
    admin.force_login(User.objects.get(username="admin"))

    with django_capture_on_commit_callbacks(execute=True):  # the search index follows
        set_up_2024(county, admin)

    assert Programme.objects.get(year=2024).notice_published
    assert not User.objects.get(username="tongji").is_active
    after = snapshot(2023, assessor)
    changed = sorted(url for url in before if before[url] != after.get(url))
    assert changed == [], describe(changed, before, after)
    assert set(after) == set(before)


def test_the_new_year_names_the_units_as_they_are_now(demo):
    county, admin = Client(), Client()
    county.force_login(User.objects.get(username="county"))
    admin.force_login(User.objects.get(username="admin"))
    set_up_2024(county, admin)

    attachment_1 = Client().get("/notices/2024/attachments/1/").content.decode()
    assert RENAMED[1] in attachment_1 and RENAMED[0] not in attachment_1
    assert RETIRED not in attachment_1
    assert MERGED[1] in attachment_1 and MERGED[0] not in attachment_1
    old_attachment_1 = Client().get("/notices/2023/attachments/1/").content.decode()
    assert RENAMED[0] in old_attachment_1 and RETIRED in old_attachment_1
    assert MERGED[0] in old_attachment_1 and MERGED[1] not in old_attachment_1
    # the directory records the rename and the merge
    directory = county.get("/staff/units/").content.decode()
    assert f"原{RENAMED[0]}" in directory
    assert f"原{MERGED[0]}" in directory
    # the renamed unit's staff moved with it and still see the unit's 2023 scores
    nongye = User.objects.get(username="nongye")
    assert nongye.unit.name == RENAMED[1]
    staff = Client()
    staff.force_login(nongye)
    old = Unit.objects.get(name=RENAMED[0])
    page = staff.get(f"/assessment/2023/units/{old.pk}/")
    assert page.status_code == 200 and RENAMED[0] in page.content.decode()


def test_a_deactivated_or_renamed_account_still_names_who_did_what(client_as, personas):
    """The audit log shows who acted as they were then: a later rename (display name) or
    deactivation of the account does not change the rows of its past actions."""
    county = client_as("county_office")
    unit = Unit.objects.get(name="县乡村振兴局")
    assert county.post(f"/staff/units/{unit.pk}/deactivate/", {"confirmed": "1"}).status_code == 302
    reader = client_as("assessor")
    url = "/staff/audit/?model=units.Unit"
    before = fetch(reader, url)
    assert b"p-county" in before  # the username as it was at the time

    account = personas["county_office"]
    account.display_name = "县政府办 另一个名字"
    account.save(update_fields=["display_name"])
    response = client_as("admin").post(
        f"/accounts/staff/{account.pk}/active/", {"active": "0", "confirmed": "1"}
    )
    assert response.status_code == 302
    assert not User.objects.get(pk=account.pk).is_active

    assert fetch(reader, url) == before
