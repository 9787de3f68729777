"""Demo policy documents: the 2023 notice first, then a few documents of demo units whose
interpretations are on time, late and missing, and one video interpretation recorded by the
media center. Each published document has its 解读方案; the census plan was signed off late
and the draft has none yet (publishing it is refused until the unit enters one). Idempotent: documents are keyed by their number, interpretations by title.

The notice's lead drafting unit is the county government office (县政府办): it issued the
notice and coordinates the video interpretation work (notice, 四、职责分工 1).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q

from gongkai.accounts.models import User
from gongkai.counties import resolve, scope
from gongkai.interviews.models import Interview
from gongkai.lib.deadlines import COUNTY_TZ
from gongkai.policies.models import (
    DocumentStatus,
    Interpretation,
    InterpretationKind,
    InterpretationPlan,
    PlannedForm,
    PolicyDocument,
    VideoRequest,
    VideoRequestStatus,
)
from gongkai.policies.services.timing import rules_for
from gongkai.publishing.models import ReviewStatus
from gongkai.units.models import Unit

DATA = Path(__file__).resolve().parent / "data"
# A 6-second 640×360 H.264 MP4 (faststart, a quiet tone) and its poster frame, made once with
# ffmpeg and committed (README "Demo video"): the demo plays a real video without an encoder.
DEMO_VIDEO = DATA / "demo-video.mp4"
DEMO_POSTER = DATA / "demo-video-poster.jpg"


def demo_video_files() -> dict[str, ContentFile]:
    """The demo video and its poster as uploads for a ``video`` and an ``image`` field."""
    return {
        "video": ContentFile(DEMO_VIDEO.read_bytes(), name="farmland-demo-video.mp4"),
        "image": ContentFile(DEMO_POSTER.read_bytes(), name="farmland-demo-poster.jpg"),
    }


NOTICE_INTERPRETATION = (
    "一、为什么开展这项活动\n"
    "县政府通过邀请公民代表走进县、镇政府和在政府门户网站开展在线访谈，让群众当面了解政府工作，"
    "当面提出意见，政府部门当场回应，把政务公开从“看得到”推进到“听得懂、能参与、可监督”。\n\n"
    "二、群众可以怎样参与\n"
    "1. 4月6日至10月31日，各镇、街道办、新桥农场和县政府各部门至少举办1期“走进政府”活动，"
    "每期邀请公民代表20名左右，可以参观、座谈，并填写意见征集表。\n"
    "2. 5月8日至6月10日，县自然资源和规划局、县农业农村局、县乡村振兴局、县统计局、镇靖镇、"
    "小河镇的负责人走进在线访谈，网民可以在县政府门户网站留言提问。\n"
    "3. 4月10日至12月31日，政府公开发布的政策性文件由牵头起草单位录制视频解读。\n\n"
    "三、提出的意见怎么办理\n"
    "现场提出的问题现场回应；意见征集表上的意见由各单位逐条办理并反馈；网民留言经县政务信息化"
    "服务中心审核后答复。活动情况纳入全县政务公开工作考核。"
)


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=COUNTY_TZ)


def _user(username: str) -> User | None:
    """The demo account ``username`` of the county in scope (another demo county's accounts
    carry a prefix: ``hs_service``)."""
    return (
        User.objects.filter(Q(username=username) | Q(username__endswith="_" + username))
        .order_by("pk")
        .first()
    )


def _local_number(number: str) -> str:
    """The demo's 文号 in another demo county: its own abbreviation (横政办发 for 横山区)
    instead of 靖 (document numbers are unique deployment-wide)."""
    county = scope.current()
    counties = resolve.all_counties()
    if county is None or not counties or county.pk == min(c.pk for c in counties):
        return number
    if "靖" in number:
        return number.replace("靖", county.name[0])
    return county.name[0] + number


def _document(number: str, **fields: Any) -> PolicyDocument:
    number = _local_number(number)
    published_on = fields.get("published_on")
    if published_on is not None:
        timing = rules_for(published_on.year)
        fields.setdefault("written_due_on", published_on + dt.timedelta(days=timing.written_days))
        fields.setdefault("video_due_on", published_on + dt.timedelta(days=timing.video_days))
    document, _created = PolicyDocument.objects.update_or_create(number=number, defaults=fields)
    return document


def _interpretation(
    document: PolicyDocument, title: str, *, kind: str, published: dt.datetime | None, **fields: Any
) -> Interpretation:
    existing = document.interpretations.filter(title=title).first()
    if existing is not None:
        return existing
    reviewer = _user("service")
    return Interpretation.objects.create(
        document=document,
        title=title,
        kind=kind,
        interpreter=document.interpreter,
        review_status=ReviewStatus.APPROVED if published else ReviewStatus.PENDING,
        reviewed_by=reviewer if published else None,
        reviewed_at=published,
        published_at=published,
        created_at=published or _at(document.signed_on),
        **fields,
    )


def _plan(
    document: PolicyDocument,
    *,
    forms: list[str],
    channels: str = "县政府门户网站政策解读栏目、“靖边发布”微信公众号",
    signed_on: dt.date | None = None,
    planned_on: dt.date | None = None,
) -> InterpretationPlan:
    """The document's 解读方案, signed off with it unless ``signed_on`` says otherwise."""
    plan, _created = InterpretationPlan.objects.get_or_create(
        document=document,
        defaults={
            "outline": "一、出台背景和依据\n二、主要内容和变化\n三、与群众有关的事项和办理方式",
            "forms": forms,
            "channels": channels,
            "planned_on": planned_on or document.published_on or document.signed_on,
            "interpreter_name": document.interpreter_name or "（演示）",
            "interpreter_title": document.interpreter_title or document.drafting_unit.head_title,
            "signed_on": signed_on or document.signed_on,
        },
    )
    return plan


def _unit_document(
    number: str,
    unit: Unit,
    *,
    plan_forms: list[str],
    plan_signed_on: dt.date | None = None,
    **fields: Any,
) -> PolicyDocument:
    """A published demo document drafted by a demo ``unit`` (its head interprets it), with its
    解读方案 (signed off with the document unless ``plan_signed_on`` says otherwise)."""
    document = _document(
        number,
        drafting_unit=unit,
        interpreter_title=unit.head_title,
        status=DocumentStatus.PUBLISHED,
        is_demo=True,
        **fields,
    )
    _plan(document, forms=plan_forms, signed_on=plan_signed_on)
    return document


@transaction.atomic
def load_demo(programme) -> list[PolicyDocument]:
    county_office = Unit.objects.get(special_role="county_office")
    notice = _document(
        programme.notice_number,
        title=programme.notice_title,
        issuer=programme.notice_issuer,
        signed_on=programme.notice_date,
        published_on=programme.notice_printed_date or programme.notice_date,
        drafting_unit=county_office,
        interpreter_title=county_office.head_title,
        text=programme.notice_text,
        status=DocumentStatus.PUBLISHED,
    )
    _plan(notice, forms=[PlannedForm.TEXT, PlannedForm.AUDIO_VIDEO])
    _interpretation(
        notice,
        "《关于开展2023年度邀请公民代表走进县镇政府和县政府门户网站在线访谈活动的通知》解读",
        kind=InterpretationKind.TEXT,
        published=_at(notice.published_on, 16),
        body=NOTICE_INTERPRETATION,
    )

    nongye = Unit.objects.get(name="县农业农村局")
    farmland = _unit_document(
        "靖农发〔2023〕12号",
        nongye,
        title="靖边县2023年高标准农田建设项目管理办法（演示）",
        issuer="县农业农村局",
        signed_on=dt.date(2023, 5, 8),
        published_on=dt.date(2023, 5, 10),
        interpreter_name="（演示）",
        text="第一条 为规范高标准农田建设项目管理……（演示正文）",
        plan_forms=[PlannedForm.TEXT, PlannedForm.AUDIO_VIDEO, PlannedForm.QA],
    )
    _interpretation(
        farmland,
        "《靖边县2023年高标准农田建设项目管理办法》政策解读",
        kind=InterpretationKind.TEXT,
        published=_at(farmland.published_on, 15),
        body=(
            "一、出台背景：高标准农田建成后“重建轻管”问题突出。\n"
            "二、主要变化：项目由镇村申报改为农户联名申请，建后管护责任落实到村。\n"
            "三、和群众有关的事：农户可以在镇便民服务中心提出建设申请，县农业农村局在20个工作日内答复。"
        ),
    )
    video_request = VideoRequest.objects.filter(document=farmland).first()
    if video_request is None:
        media = _user("media")
        video_request = VideoRequest.objects.create(
            document=farmland,
            starts_at=_at(dt.date(2023, 5, 24), 9),
            duration_minutes=60,
            venue="县融媒体中心演播室",
            host=media,
            camera=media,
            editor=media,
            interpreter=farmland.interpreter,
            status=VideoRequestStatus.RECORDED,
            requested_by=_user("nongye"),
        )
    if not farmland.interpretations.filter(kind=InterpretationKind.VIDEO).exists():
        _interpretation(
            farmland,
            "视频解读：高标准农田建设项目管理办法",
            kind=InterpretationKind.VIDEO,
            published=_at(dt.date(2023, 5, 26), 11),
            video_request=video_request,
            **demo_video_files(),
        )

    zhenjing = Unit.objects.get(name="镇靖镇")
    village = _unit_document(
        "镇政发〔2023〕6号",
        zhenjing,
        title="镇靖镇2023年农村人居环境整治实施方案（演示）",
        issuer="镇靖镇人民政府",
        signed_on=dt.date(2023, 5, 30),
        published_on=dt.date(2023, 6, 1),
        text="为持续改善农村人居环境……（演示正文）",
        plan_forms=[PlannedForm.TEXT],
    )
    _interpretation(
        village,
        "镇靖镇农村人居环境整治实施方案解读",
        kind=InterpretationKind.TEXT,
        published=_at(dt.date(2023, 6, 5), 10),
        body="整治重点是垃圾、污水和厕所；每个村配备保洁员，费用由镇财政承担。（演示）",
    )

    tongji = Unit.objects.get(name="县统计局")
    # Its plan was signed off three days after the document: not 同步审签 (the point is lost).
    _unit_document(
        "靖政办发〔2023〕40号（演示）",
        tongji,
        title="靖边县第五次全国经济普查实施方案（演示）",
        issuer="靖边县人民政府办公室",
        signed_on=dt.date(2023, 6, 28),
        published_on=dt.date(2023, 7, 3),
        text="根据国务院和省、市普查工作安排……（演示正文）",
        no_interpretation_reason="普查表式等待省统计局统一下发，解读材料随后补发。（演示）",
        plan_forms=[PlannedForm.TEXT, PlannedForm.GRAPHIC],
        plan_signed_on=dt.date(2023, 7, 1),
    )

    draft = _document(
        "靖农发〔2023〕30号（草稿）",
        title="靖边县2024年农业社会化服务补助办法（演示草稿）",
        issuer="县农业农村局",
        signed_on=dt.date(2023, 11, 20),
        drafting_unit=nongye,
        interpreter_title=nongye.head_title,
        text="（演示草稿）",
        status=DocumentStatus.DRAFT,
        is_demo=True,
    )

    related = Interview.objects.filter(programme=programme, unit=nongye)
    if related.exists():
        farmland.related_interviews.add(*related)
    return [notice, farmland, village, draft]
