"""Demo consultations: an open vote on next year's interview units (its window around the day
the demo is loaded) and a closed call for comments whose results and 采纳情况 are published.
Idempotent: keyed by title."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import Role, User
from gongkai.consultations.models import Consultation, ConsultationKind, Template
from gongkai.consultations.services import drafting, feedback, taking
from gongkai.units.models import Unit

# A one-page PDF with no text: the demo's attachment (nothing is downloaded).
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
VOTE_TITLE = "投票选出明年的在线访谈单位"
OPINION_TITLE = "《靖边县农村人居环境整治提升办法（征求意见稿）》公开征求意见"


def _service_center():
    return User.objects.filter(role=Role.SERVICE_CENTER).order_by("pk").first()


@transaction.atomic
def load_demo(programme) -> None:
    by = _service_center()
    unit = Unit.objects.filter(name="县农业农村局").first() or Unit.objects.order_by("pk").first()
    if unit is None:
        return
    now = timezone.now()
    if not Consultation.objects.filter(title=VOTE_TITLE).exists():
        vote = drafting.create_consultation(
            by=by,
            programme=programme,
            unit=Unit.objects.filter(special_role="service_center").first() or unit,
            kind=ConsultationKind.SURVEY,
            template=Template.VOTE_UNITS,
            title=VOTE_TITLE,
            description="请从下列单位中选出您最希望明年走进在线访谈的单位（最多三个），"
            "投票结果将作为确定明年访谈单位的重要参考。",
            opens_at=now - dt.timedelta(days=2),
            closes_at=now + dt.timedelta(days=13),
        )
        drafting.publish(vote, by=by, now=now)
    if not Consultation.objects.filter(title=OPINION_TITLE).exists():
        opinion = drafting.create_consultation(
            by=by,
            programme=programme,
            unit=unit,
            kind=ConsultationKind.OPINION,
            title=OPINION_TITLE,
            description="为进一步改善农村人居环境，县农业农村局起草了本办法，现公开征求社会各界意见。",
            draft_text="第一条 为持续改善农村人居环境，建设宜居宜业和美乡村，制定本办法。\n"
            "第二条 本办法适用于本县行政区域内的农村人居环境整治提升工作。\n"
            "第三条 各镇（街道）应当建立生活垃圾收运处置体系。",
            interpretation="本办法明确了垃圾收运、厕所改造和村容村貌三项重点任务及各方责任。",
            opens_at=now - dt.timedelta(days=40),
            closes_at=now + dt.timedelta(days=1),
        )
        drafting.add_item(
            opinion,
            kind="rating",
            text="您对本村人居环境现状的评价",
        )
        drafting.add_attachment(
            opinion,
            title="征求意见稿起草说明",
            upload=ContentFile(DEMO_PDF, name="qicao-shuoming.pdf"),
        )
        drafting.publish(opinion, by=by, now=now - dt.timedelta(days=40))
        Consultation.objects.filter(pk=opinion.pk).update(
            opens_at=now - dt.timedelta(days=40),
            published_at=now - dt.timedelta(days=40),
        )
        opinion.refresh_from_db()
        items = list(opinion.items.all())
        texts = [
            ("建议在每个自然村设置垃圾分类收集点。", "adopted", ""),
            (
                "第三条应明确收运频次，建议每周不少于两次。",
                "partly",
                "收运频次由各镇按实际确定，办法中增加“定期收运”要求。",
            ),
            ("建议给每户发放改厕补贴现金。", "not", "改厕补贴按项目统一实施，不直接发放现金。"),
        ]
        for n, (text, _adoption, _reason) in enumerate(texts):
            taking.respond(
                opinion,
                items,
                device_token=f"demo-{n}",
                answers={items[0].field_name: 4 - n % 2},
                comment=text,
                now=now - dt.timedelta(days=10 - n),
            )
        Consultation.objects.filter(pk=opinion.pk).update(closes_at=now - dt.timedelta(days=5))
        opinion.refresh_from_db()
        for comment, (_text, adoption, reason) in zip(
            opinion.comments.order_by("id"), texts, strict=True
        ):
            feedback.approve_comment(comment, by=by)
            feedback.set_adoption(comment, adoption=adoption, reason=reason, by=by)
        feedback.publish_feedback(
            opinion,
            summary="征求意见期间共收到答卷3份、意见建议3条，采纳1条，部分采纳1条，"
            "未采纳1条。已据此修改办法第三条。",
            by=by,
        )
