"""The policy points of the 2023 demo data, worked out by hand from gongkai/policies/demo.py:
县农业农村局's document has its written interpretation on the day and its video in time;
镇靖镇's written interpretation came 4 days late and it has no video; 县统计局 published without
interpretation; 东坑镇 drafted nothing this year."""

from decimal import Decimal

from gongkai.assessment import services
from gongkai.ops.demo import create_demo_accounts
from gongkai.policies.demo import load_demo as load_policies_demo
from gongkai.units.models import Unit


def _point(table, unit_name, rule):
    unit = Unit.objects.get(name=unit_name)
    leaf = next(leaf for leaf in table.leaves if leaf["rule"] == rule)
    return next(p for p in table.for_unit(unit.pk).points if p.indicator_id == leaf["id"])


def test_policy_points_of_the_demo_units(programme, indicators):
    create_demo_accounts()
    load_policies_demo(programme)
    table = services.compute_scores(programme)
    assert _point(table, "县农业农村局", "interpretation_with_document").earned == Decimal("5.00")
    assert _point(table, "县农业农村局", "video_interpretation_on_time").earned == Decimal("5.00")
    assert _point(table, "镇靖镇", "interpretation_with_document").earned == Decimal("0.00")
    assert _point(table, "镇靖镇", "video_interpretation_on_time").earned == Decimal("0.00")
    assert _point(table, "县统计局", "interpretation_with_document").earned == Decimal("0.00")
    assert _point(table, "东坑镇", "interpretation_with_document").earned is None
    # Evidence: the document, then its interpretation on the portal with the day it appeared.
    evidence = _point(table, "县农业农村局", "interpretation_with_document").evidence
    assert len(evidence) == 2
    assert evidence[0]["url"].startswith("/policies/") and evidence[0]["date"]
    assert evidence[1]["url"].startswith("/policies/interpretations/") and evidence[1]["date"]
    late = _point(table, "镇靖镇", "interpretation_with_document").evidence
    assert late[1]["date"] > late[0]["date"]  # published 4 days after the document
