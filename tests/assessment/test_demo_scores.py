"""The 2023 demo's scores, worked out by hand from the demo data files (not read back from the
scoring code). Default tree, 100 points:

走进政府 60 = held 20 + plan on time 5 + representative target 10 + leader throughout 10
          + opinions all answered 10 + media published 5
在线访谈 30 = held in slot 10 + receipt on time 5 + outline on time 5 + questions answered in time 10
政策解读 10 = interpretation with the document 5 + video in time 5
Late submissions earn half; points that do not apply to a unit leave its maximum.

县农业农村局 (visits/demo.py, interviews/data/demo-2023.json, questions/demo.py, policies/demo.py):
  visits: held 20, plan 4月7日 5, attendance 19 < 20 → 0, leader stayed 10, one suggestion still
  open → 0, three approved photos 5 = 40; interviews: archived 5月10日 inside 5月8日–19日 10,
  receipt 4月7日 5, outline 4月28日 5, 2 of 3 approved questions answered in time 6.67 = 26.67;
  policies: written on the day 5, video in time 5 = 10. Total 76.67 / 100.
镇靖镇: plan 4月8日 5 = 5 / 60; interview not held 0, receipt 4月11日 late 2.5, outline 5月2日 late
  2.5, no questions (n/a) = 5 / 20; written 4 days late 0, no video 0 = 0 / 10. 10 / 90 = 11.11.
县统计局: plan 4月11日 late 2.5 / 60; not held 0, receipt 4月8日 5, outline 4月30日 5 = 10 / 20;
  published without interpretation 0 / 10. 12.5 / 90 = 13.89.
小河镇: plan 4月9日 23:10 on time 5 / 60; preview only 0, receipt 4月9日 5, outline 4月29日 5 = 10 / 20
  (its one approved question was asked days ago for the coming interview and is still inside its
  reply limit: it does not count yet); no documents (n/a). 15 / 80 = 18.75.
东坑镇 (demo unit, nothing submitted): 0 / 60 (interview and policy points n/a) = 0.
"""

from decimal import Decimal

import pytest

from gongkai.assessment import services
from gongkai.core.demo import load_demo
from gongkai.units.models import Unit

EXPECTED = {
    "县农业农村局": ("76.67", "100.00", "76.67"),
    "镇靖镇": ("10.00", "90.00", "11.11"),
    "县统计局": ("12.50", "90.00", "13.89"),
    "小河镇": ("15.00", "80.00", "18.75"),
    "东坑镇": ("0.00", "60.00", "0.00"),
}


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return load_demo()


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


def test_every_earned_point_of_the_agriculture_bureau_has_evidence(demo, client_as):
    unit = Unit.objects.get(name="县农业农村局")
    score = services.compute_scores(demo).for_unit(unit.pk)
    for point in score.points:
        if point.earned:
            assert point.evidence, point.name
    page = client_as("assessor").get(f"/assessment/2023/units/{unit.pk}/").content.decode()
    assert (
        "/interviews/" in page
        and "/visits/staff/" in page
        and "/policies/staff/statistics/" in page
    )
