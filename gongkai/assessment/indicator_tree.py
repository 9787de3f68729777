"""The indicator tree of a year: the default tree drawn from the notice, copies to another
year, and changes while the year is not locked."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.assessment.models import Adjustment, Indicator, Objection, SamplingSource, Snapshot
from gongkai.programmes.models import Programme

DEFAULT_TREE: list[tuple[str, list[tuple[str, str, int, str]]]] = [
    (
        "邀请公民代表走进县、镇政府",
        [
            ("在活动时间内至少举办1期活动", "visit_held", 20, SamplingSource.WEBSITE),
            ("活动计划安排表（附件1）按时报送", "visit_plan_on_time", 5, SamplingSource.MATERIAL),
            ("邀请公民代表达到目标人数", "visit_representatives", 10, SamplingSource.MATERIAL),
            ("主要领导全程参与", "visit_leader_present", 10, SamplingSource.MATERIAL),
            ("意见建议全部答复办结", "visit_opinions_answered", 10, SamplingSource.MATERIAL),
            ("活动影像资料报送并公开发布", "visit_media_published", 5, SamplingSource.WEBSITE),
        ],
    ),
    (
        "县政府门户网站在线访谈",
        [
            ("在计划时段内完成访谈", "interview_in_slot", 10, SamplingSource.WEBSITE),
            ("回执表（附件3）按时报送", "receipt_form_on_time", 5, SamplingSource.MATERIAL),
            ("访谈提纲按时报送", "outline_on_time", 5, SamplingSource.MATERIAL),
            ("网民留言按时答复", "messages_answered_in_time", 10, SamplingSource.WEBSITE),
        ],
    ),
    (
        "政策文件解读",
        [
            ("解读材料与文件同步发布", "interpretation_with_document", 5, SamplingSource.WEBSITE),
            ("及时进行视频解读", "video_interpretation_on_time", 5, SamplingSource.WEBSITE),
        ],
    ),
]


# Points from the national rules beyond the notice (issue 16): a county adds them to a year that
# is not locked; the demo year has them.
PLAN_GROUP = "政策文件解读"
PLAN_LEAF = ("方案与文件同步审签", "plan_signed_with_document", 5, SamplingSource.MATERIAL)


@transaction.atomic
def add_plan_indicator(programme: Programme) -> Indicator:
    """The point 方案与文件同步审签 under 政策文件解读 (idempotent by name). Refused when the
    year's scores are locked: a locked year is never rewritten."""
    ensure_open(programme)
    group, _created = Indicator.objects.get_or_create(
        programme=programme, parent=None, name=PLAN_GROUP, defaults={"order": len(DEFAULT_TREE)}
    )
    name, rule, weight, source = PLAN_LEAF
    leaf, _created = Indicator.objects.get_or_create(
        programme=programme,
        parent=group,
        name=name,
        defaults={
            "order": group.children.count(),
            "rule": rule,
            "weight": Decimal(weight),
            "source": source,
        },
    )
    return leaf


def ensure_open(programme: Programme) -> None:
    if Snapshot.objects.locking(programme).exists():
        raise ValidationError(
            _("The scores of this year are locked; nothing can be changed any more.")
        )


@transaction.atomic
def create_default_indicators(programme: Programme) -> list[Indicator]:
    """The default tree drawn from the notice (100 points). Idempotent by name."""
    created = []
    for order, (group_name, leaves) in enumerate(DEFAULT_TREE):
        group, _ = Indicator.objects.get_or_create(
            programme=programme, parent=None, name=group_name, defaults={"order": order}
        )
        for leaf_order, (name, rule, weight, source) in enumerate(leaves):
            leaf, was_created = Indicator.objects.get_or_create(
                programme=programme,
                parent=group,
                name=name,
                defaults={
                    "order": leaf_order,
                    "rule": rule,
                    "weight": Decimal(weight),
                    "source": source,
                },
            )
            if was_created:
                created.append(leaf)
    return created


@transaction.atomic
def copy_indicators(source: Programme, target: Programme) -> int:
    """Copy a year's indicator tree (names, weights, rules) to another year."""
    mapping: dict[int, Indicator] = {}
    count = 0
    pending = list(source.indicators.all())
    while pending:
        progressed = False
        for node in list(pending):
            if node.parent_id is None or node.parent_id in mapping:
                mapping[node.pk] = Indicator.objects.create(
                    programme=target,
                    parent=mapping.get(node.parent_id),
                    name=node.name,
                    order=node.order,
                    weight=node.weight,
                    rule=node.rule,
                    source=node.source,
                    description=node.description,
                )
                pending.remove(node)
                count += 1
                progressed = True
        if not progressed:  # pragma: no cover - a cycle cannot be stored
            break
    return count


@transaction.atomic
def set_weight(indicator: Indicator, weight: Decimal) -> Indicator:
    ensure_open(indicator.programme)
    if weight < 0:
        raise ValidationError(_("Points cannot be negative."))
    indicator.weight = weight
    indicator.save(update_fields=["weight"])
    return indicator


@transaction.atomic
def save_indicator(indicator: Indicator) -> Indicator:
    """Create or change one indicator of a year that is not locked, checked by
    ``Indicator.clean`` (rule registered, parent a group of the same year, no cycle)."""
    ensure_open(indicator.programme)
    indicator.full_clean()
    indicator.save()
    return indicator


@dataclass
class DeletionImpact:
    indicators: int
    adjustments: int
    objections: int


def deletion_impact(indicator: Indicator) -> DeletionImpact:
    """What deleting ``indicator`` takes with it: its sub-indicators and their adjustments (the
    objections on them stay, no longer tied to a point)."""
    from gongkai.assessment.models import descendant_ids

    ids = descendant_ids(indicator)
    return DeletionImpact(
        indicators=len(ids),
        adjustments=Adjustment.objects.filter(indicator_id__in=ids).count(),
        objections=Objection.objects.filter(indicator_id__in=ids).count(),
    )


@transaction.atomic
def delete_indicator(indicator: Indicator) -> None:
    ensure_open(indicator.programme)
    indicator.delete()


HUNDRED = Decimal("100")


def leaf_total(programme: Programme) -> Decimal | None:
    """The points of the year's leaf indicators together (None: the year has no indicators)."""
    nodes = list(programme.indicators.all())
    if not nodes:
        return None
    parents = {n.parent_id for n in nodes if n.parent_id}
    return sum((n.weight for n in nodes if n.pk not in parents), Decimal("0"))


def copy_on_new_year(sender, *, source: Programme, target: Programme, **kwargs) -> None:
    """A year copied from ``source`` starts with ``source``'s indicator tree (connected to
    ``programmes.signals.programme_copied``)."""
    if not target.indicators.exists():
        copy_indicators(source, target)


def review_weights(programme: Programme) -> list:
    """The year-setup review: the assessment's points must add up to 100."""
    from django.urls import reverse

    from gongkai.programmes.review import Finding

    total = leaf_total(programme)
    url = reverse("assessment:indicators", args=[programme.year])
    section = _("Assessment")
    if total is None:
        return [Finding(section, _("The year has no assessment indicators yet."), url)]
    if total != HUNDRED:
        return [
            Finding(
                section,
                _("The assessment points add up to %(total)s, not 100.")
                % {"total": f"{total.normalize():f}"},
                url,
            )
        ]
    return []
