"""The 2023 demo's scores, worked out by hand from the demo data files (not read back from the
scoring code). Default tree, 100 points, and the demo's point from the national rules
(方案与文件同步审签 5, issue 16):

走进政府 60 = held 20 + plan on time 5 + representative target 10 + leader throughout 10
          + opinions all answered 10 + media published 5
在线访谈 30 = held in slot 10 + receipt on time 5 + outline on time 5 + questions answered in time 10
政策解读 15 = interpretation with the document 5 + video in time 5 + plan signed off with the
          document 5
Late submissions earn half; points that do not apply to a unit leave its maximum.

县农业农村局 (visits/demo.py, interviews/data/demo-2023.json, questions/demo.py, policies/demo.py):
  visits: held 20, plan 4月7日 5, attendance 19 of "about 20" (±20 %: at least 16) → 10, leader
  stayed 10, one suggestion still open → 0, three approved photos 5 = 50; interviews: archived
  5月10日 inside 5月8日–19日 10, receipt 4月7日 5, outline 4月28日 5, 2 of 3 approved questions
  answered in time 6.67 = 26.67; policies: written on the day 5, video in time 5, plan signed
  off 5月8日 with the document 5 = 15. Total 91.67 / 105 = 87.30.
镇靖镇: plan 4月8日 5 = 5 / 60; interview not held 0, receipt 4月11日 late 2.5, outline 5月2日 late
  2.5, no questions (n/a) = 5 / 20; written 4 days late 0, no video 0, plan signed with the
  document 5 = 5 / 15. 15 / 95 = 15.79.
县统计局: plan 4月11日 late 2.5 / 60; not held 0, receipt 4月8日 5, outline 4月30日 5 = 10 / 20;
  published without interpretation, its plan signed off 7月1日 (the document 6月28日) 0 / 15.
  12.5 / 95 = 13.16.
小河镇: plan 4月9日 23:10 on time 5 / 60; preview only 0, receipt 4月9日 5, outline 4月29日 5 = 10 / 20
  (its one approved question was asked days ago for the coming interview and is still inside its
  reply limit: it does not count yet); no documents (n/a). 15 / 80 = 18.75.
东坑镇 (demo unit, nothing submitted): 0 / 60 (interview and policy points n/a) = 0.
"""

from decimal import Decimal

import pytest

from gongkai.assessment import services
from gongkai.assessment.models import Indicator
from gongkai.interviews.models import Interview
from gongkai.policies.models import Interpretation, InterpretationKind
from gongkai.units.models import Unit
from gongkai.visits.models import Activity
from tests.assessment.pages import ranking

EXPECTED = {
    "县农业农村局": ("91.67", "105.00", "87.30"),
    "镇靖镇": ("15.00", "95.00", "15.79"),
    "县统计局": ("12.50", "95.00", "13.16"),
    "小河镇": ("15.00", "80.00", "18.75"),
    "东坑镇": ("0.00", "60.00", "0.00"),
}


@pytest.mark.parametrize("unit_name", sorted(EXPECTED))
def test_demo_scores_match_the_hand_computed_values(demo, unit_name):
    table = services.compute_scores(demo)
    score = table.for_unit(Unit.objects.get(name=unit_name).pk)
    earned, maximum, percent = EXPECTED[unit_name]
    assert (score.earned, score.maximum, score.percent) == (
        Decimal(earned),
        Decimal(maximum),
        Decimal(percent),
    )


def test_demo_ranking_puts_the_agriculture_bureau_first(demo):
    table = services.compute_scores(demo)
    assert table.units[0].unit_name == "县农业农村局"
    assert table.units[0].rank == 1


def test_every_earned_point_links_to_evidence_the_assessor_can_open(demo, client_as):
    """Every point a unit earned in the 2023 demo names at least one record with a URL, and
    every such URL opens for the assessor (each URL is fetched once)."""
    table = services.compute_scores(demo)
    urls: set[str] = set()
    earned = 0
    for unit in table.units:
        for point in unit.points:
            if not point.earned:
                continue
            earned += 1
            linked = [e["url"] for e in point.evidence if e["url"]]
            assert linked, f"{unit.unit_name}: {point.name} has no evidence link"
            urls.update(linked)
    assert earned >= 15 and len(urls) >= 10  # the demo earns points in all three parts
    client = client_as("assessor")
    for url in sorted(urls):
        assert client.get(url).status_code == 200, url


def test_evidence_of_the_agriculture_bureau_is_the_record_itself(demo, client_as):
    unit = Unit.objects.get(name="县农业农村局")
    score = services.compute_scores(demo).for_unit(unit.pk)
    by_rule = {p.indicator_id: p for p in score.points}
    rules = dict(Indicator.objects.filter(programme=demo).values_list("rule", "pk"))

    def urls(rule):
        return [e["url"] for e in by_rule[rules[rule]].evidence]

    activity = Activity.objects.filter(programme=demo, unit=unit).order_by("submitted_at").first()
    assert urls("visit_plan_on_time") == [f"/visits/staff/{activity.pk}/"]
    interview = Interview.objects.get(programme=demo, unit=unit)
    assert urls("receipt_form_on_time") == [f"/interviews/staff/{interview.pk}/#receipt-title"]
    assert urls("outline_on_time") == [f"/interviews/staff/{interview.pk}/#outline-title"]
    assert urls("messages_answered_in_time") == [
        f"/questions/staff/?status=approved&interview={interview.pk}"
    ]
    # The published interpretation on the portal, with its date, next to its document.
    written = by_rule[rules["interpretation_with_document"]].evidence
    interpretation = Interpretation.objects.get(
        document__drafting_unit=unit, kind__in=InterpretationKind.written()
    )
    assert {
        "label": f"{interpretation.get_kind_display()}: {interpretation.title}",
        "url": f"/policies/interpretations/{interpretation.pk}/",
        "date": interpretation.published_on.isoformat(),
    } in written
    video = by_rule[rules["video_interpretation_on_time"]].evidence
    assert any(e["url"].startswith("/policies/interpretations/") for e in video)
    assert all("/policies/staff/statistics/" not in e["url"] for e in written + video)
    page = client_as("assessor").get(f"/assessment/2023/units/{unit.pk}/").content.decode()
    assert f'href="/policies/interpretations/{interpretation.pk}/"' in page
    assert f'href="/interviews/staff/{interview.pk}/#receipt-title"' in page


def test_raising_a_weight_in_the_browser_reorders_the_demo_ranking(demo, client_as):
    """方案与文件同步审签 5 → 50. By hand (earned / applicable): 县农业农村局 (91.67 − 5 + 50) /
    150 = 91.11; 镇靖镇 (15 − 5 + 50) / 140 = 42.86; 小河镇 (no documents: n/a) 15 / 80 = 18.75;
    县统计局 (plan not signed with its document) 12.5 / 140 = 8.93. 镇靖镇 overtakes 小河镇."""
    client = client_as("service_center")
    names = ["县农业农村局", "小河镇", "县统计局", "镇靖镇"]

    def shown():
        rows = ranking(client.get("/assessment/2023/").content)
        return [(rank, name, score) for rank, name, score in rows if name in names]

    assert shown() == [
        (1, "县农业农村局", "87.30"),
        (2, "小河镇", "18.75"),
        (3, "镇靖镇", "15.79"),
        (4, "县统计局", "13.16"),
    ]
    plan = Indicator.objects.get(programme=demo, rule="plan_signed_with_document")
    response = client.post("/assessment/2023/indicators/", {f"weight-{plan.pk}": "50"})
    assert response.status_code == 302
    assert shown() == [
        (1, "县农业农村局", "91.11"),
        (2, "镇靖镇", "42.86"),
        (3, "小河镇", "18.75"),
        (4, "县统计局", "8.93"),
    ]


def test_xlsx_evidence_column_holds_absolute_links(demo, client_as, settings):
    """The evidence is opened from the spreadsheet: the site's address in front of each path."""
    from io import BytesIO

    from openpyxl import load_workbook

    settings.GONGKAI_SITE_URL = "https://gk.example.gov.cn"
    response = client_as("assessor").get(f"/assessment/{demo.year}/report.xlsx")
    sheet = load_workbook(BytesIO(response.content))["明细"]
    evidence = [row[6] for row in sheet.iter_rows(min_row=2, values_only=True) if row[6]]
    assert any("https://gk.example.gov.cn/" in text for text in evidence)
    assert not [text for text in evidence if " /" in f" {text}"]  # no bare path left
    linked = [c for c in sheet["G"] if c.hyperlink is not None]
    assert linked and linked[0].hyperlink.target.startswith("https://gk.example.gov.cn/")
