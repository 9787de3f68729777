"""What each assessment point rests on, read back from the records its evidence links name.

A point's evidence (``registry.Evidence``, kept in the lock snapshot for a locked year) is a list
of labels and staff/public URLs. The URL says which record it is (an activity, an interview, a
policy document, an interview's questions); the point's rule says which part of that record
supports it (the plan, the sign-in sheet, the photos...). A record part already shown under an
earlier point is referred to, not repeated. The text is the document's (Chinese), like the
.xlsx report's headings."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.urls import Resolver404, resolve
from django.utils import timezone

from gongkai.assessment.bundle.blocks import Block, Grid, Picture, ScanPages, Text
from gongkai.lib.deadlines import COUNTY_TZ
from gongkai.lib.masking import mask_name

# Which parts of an activity each visit point rests on (others: all of them).
ACTIVITY_PARTS: dict[str, tuple[str, ...]] = {
    "visit_plan_on_time": ("plan",),
    "visit_held": ("plan", "signin"),
    "visit_representatives": ("signin",),
    "visit_leader_present": ("held",),
    "visit_opinions_answered": ("opinions",),
    "visit_media_published": ("photos",),
}
ALL_ACTIVITY_PARTS = ("plan", "signin", "held", "photos", "opinions")
PART_TITLES = {
    "plan": "活动计划（附件1）",
    "signin": "签到表（姓名已脱敏）",
    "held": "活动开展情况",
    "photos": "活动照片（已审核）",
    "opinions": "意见汇总与建议答复",
    "receipt": "回执表（附件3）",
    "outline": "访谈提纲",
    "interview": "在线访谈",
    "record": "访谈文字实录",
    "document": "政策文件",
    "interpretation": "政策解读",
    "replies": "网民留言答复",
}
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".bmp", ".webp"}


def when(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "tzinfo"):
        return timezone.localtime(value, COUNTY_TZ).strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def yes_no(value: bool | None) -> str:
    return "—" if value is None else ("是" if value else "否")


def file_path(field: Any) -> str:
    """The file on disk behind a FileField, "" when none or missing."""
    if not field or not field.name:
        return ""
    try:
        path = Path(field.path)
    except (ValueError, NotImplementedError):
        return ""
    return str(path) if path.is_file() else ""


def attached(field: Any, caption: str) -> list[Block]:
    """A scan or image: embedded (an image) or its pages appended (a PDF)."""
    path = file_path(field)
    if not path:
        return []
    suffix = Path(path).suffix.lower()
    if suffix in IMAGE_SUFFIXES:
        return [Picture(path, caption)]
    if suffix == ".pdf":
        return [ScanPages(path, caption)]
    return [Text(f"{caption}：{Path(path).name}（非图片或 PDF，未附入）", "small")]


class EvidenceReader:
    """Reads the records behind evidence links for one unit's bundle."""

    def __init__(self) -> None:
        self.shown: dict[tuple[str, int, str], str] = {}

    def blocks(self, point_name: str, rule: str, evidence: list[dict[str, str]]) -> list[Block]:
        out: list[Block] = []
        for item in evidence:
            for kind, pk, part in self.targets(rule, item.get("url", "")):
                key = (kind, pk, part)
                if key in self.shown:
                    out.append(
                        Text(
                            f"{PART_TITLES[part]}：已附于考核点「{self.shown[key]}」之下。",
                            "small",
                        )
                    )
                    continue
                reader = PARTS.get(part)
                found = reader(pk) if reader else []
                if found:
                    self.shown[key] = point_name
                    out.append(Text(PART_TITLES[part], "heading"))
                    out.extend(found)
        return out

    @staticmethod
    def targets(rule: str, url: str) -> list[tuple[str, int, str]]:
        """(record kind, record id, part) for an evidence URL; [] for a page without records."""
        parts = urlsplit(url)
        try:
            match = resolve(parts.path)
        except Resolver404:
            return []
        pk = match.kwargs.get("pk")
        name = match.view_name
        if name == "visits:staff-activity" and pk:
            wanted = ACTIVITY_PARTS.get(rule, ALL_ACTIVITY_PARTS)
            return [("activity", pk, part) for part in wanted]
        if name == "interviews:staff-detail" and pk:
            part = {"receipt-title": "receipt", "outline-title": "outline"}.get(
                parts.fragment, "interview"
            )
            return [("interview", pk, part)]
        if name == "interviews:detail" and pk and parts.fragment == "feed-title":
            return [("interview", pk, "record")]
        if name in ("policies:document-detail", "policies:document-staff") and pk:
            return [("document", pk, "document")]
        if name == "policies:interpretation-detail" and pk:
            return [("interpretation", pk, "interpretation")]
        if name == "questions:staff-home":
            interview = parse_qs(parts.query).get("interview", [""])[0]
            if interview.isdigit():
                return [("interview", int(interview), "replies")]
        return []


# --- the parts ----------------------------------------------------------------------------


def activity_plan(pk: int) -> list[Block]:
    from gongkai.visits.models import Activity

    activity = Activity.objects.filter(pk=pk).first()
    if activity is None:
        return []
    rows = [
        ["活动名称", activity.title],
        ["时间", f"{when(activity.starts_at)} — {when(activity.ends_at)}"],
        ["地点", activity.place],
        [
            "内容",
            "、".join(
                x for x, on in (("参观", activity.has_tour), ("座谈", activity.has_symposium)) if on
            ),
        ],
        ["带队领导", activity.leader],
        ["联系人", mask_name(activity.contact_name)],
        ["计划人数", str(activity.capacity or "")],
        ["计划提交时间", when(activity.submitted_at)],
        ["备注", activity.note],
    ]
    return [Grid(["项目", "内容"], rows, [0.25, 0.75])]


def activity_signin(pk: int) -> list[Block]:
    from gongkai.visits.models import Registration

    registrations = (
        Registration.objects.filter(activity_id=pk, checked_in_at__isnull=False)
        .select_related("representative")
        .order_by("checked_in_at", "pk")
    )
    rows = [
        [
            str(number),
            mask_name(r.representative.name),
            r.representative.get_category_display() if r.representative.category else "",
            when(r.checked_in_at),
        ]
        for number, r in enumerate(registrations, start=1)
    ]
    if not rows:
        return [Text("无签到记录。", "small")]
    return [
        Grid(["序号", "姓名", "类别", "签到时间"], rows, [0.1, 0.25, 0.35, 0.3]),
        Text(f"共 {len(rows)} 人签到。", "small"),
    ]


def activity_held(pk: int) -> list[Block]:
    from gongkai.visits.models import Activity

    activity = Activity.objects.filter(pk=pk).first()
    if activity is None:
        return []
    rows = [
        ["实到人数", str(activity.attendance if activity.attendance is not None else "—")],
        ["主要领导全程参加", yes_no(activity.leader_stayed)],
        ["开展情况", activity.held_note or "—"],
        ["登记时间", when(activity.recorded_at)],
    ]
    return [Grid(["项目", "内容"], rows, [0.25, 0.75])]


def activity_photos(pk: int) -> list[Block]:
    from gongkai.visits.models import Media
    from gongkai.visits.models.media import MediaKind

    photos = Media.objects.published().filter(activity_id=pk, kind=MediaKind.PHOTO)
    blocks: list[Block] = []
    for photo in photos.order_by("taken_at", "pk"):
        path = file_path(photo.file)
        if path and Path(path).suffix.lower() in IMAGE_SUFFIXES:
            caption = photo.caption or Path(path).name
            blocks.append(
                Picture(path, f"{caption}（{when(photo.taken_at or photo.uploaded_at)}）")
            )
    return blocks or [Text("无已审核的照片。", "small")]


def activity_opinions(pk: int) -> list[Block]:
    from gongkai.visits.models import OpinionForm, Response, Suggestion

    forms = OpinionForm.objects.filter(activity_id=pk)
    tally = Counter(f.get_satisfaction_display() for f in forms if f.satisfaction)
    blocks: list[Block] = [
        Text(
            f"收回意见表 {forms.count()} 份。"
            + "；".join(f"{label} {count} 份" for label, count in tally.most_common())
        )
    ]
    responses = Response.objects.filter(activity_id=pk).order_by("created_at", "pk")
    if responses:
        blocks.append(
            Grid(
                ["现场提问", "答复"],
                [[r.question, r.answer] for r in responses],
                [0.45, 0.55],
            )
        )
    suggestions = Suggestion.objects.filter(activity_id=pk).order_by("created_at", "pk")
    rows = [
        [
            str(n),
            s.text,
            s.get_status_display(),
            s.answer or "—",
            when(s.answered_at),
        ]
        for n, s in enumerate(suggestions, start=1)
    ]
    if rows:
        blocks.append(
            Grid(
                ["序号", "意见建议", "状态", "答复", "答复时间"],
                rows,
                [0.07, 0.33, 0.1, 0.35, 0.15],
            )
        )
    return blocks


def interview_receipt(pk: int) -> list[Block]:
    from gongkai.interviews.models import PersonRole, ReceiptForm

    receipt = ReceiptForm.objects.filter(interview_id=pk).first()
    if receipt is None:
        return []
    rows = [
        ["联系人", mask_name(receipt.contact_name)],
        ["单位负责人", receipt.unit_head],
        ["提交时间", when(receipt.submitted_at)],
        ["备注", receipt.notes or "—"],
    ]
    # The guests are named on the public interview page; the staff are not: masked.
    people = [
        [p.get_role_display(), p.name if p.role == PersonRole.GUEST else mask_name(p.name), p.title]
        for p in receipt.people.order_by("order", "pk")
    ]
    blocks: list[Block] = [Grid(["项目", "内容"], rows, [0.25, 0.75])]
    if people:
        blocks.append(Grid(["身份", "姓名", "职务"], people, [0.2, 0.3, 0.5]))
    scan = attached(receipt.scan, "盖章回执扫描件")
    return blocks + (scan or [Text("未上传盖章扫描件。", "small")])


def interview_outline(pk: int) -> list[Block]:
    from gongkai.interviews.models import Outline

    outline = Outline.objects.filter(interview_id=pk).first()
    if outline is None:
        return []
    blocks: list[Block] = [
        Text(
            f"首次提交：{when(outline.first_submitted_at)}；最近提交：{when(outline.submitted_at)}；"
            f"状态：{outline.get_state_display()}",
            "small",
        )
    ]
    blocks.extend(Text(line) for line in outline.text.splitlines() if line.strip())
    if outline.file:
        blocks.extend(attached(outline.file, "提纲文件"))
    return blocks


def interview_info(pk: int) -> list[Block]:
    from gongkai.interviews.models import Interview

    interview = Interview.objects.select_related("slot").filter(pk=pk).first()
    if interview is None:
        return []
    rows = [
        ["主题", interview.topic or "—"],
        ["计划时间", when(interview.starts_at)],
        ["实际开始", when(interview.actual_started_at)],
        ["实际结束", when(interview.actual_ended_at)],
        ["状态", interview.get_status_display()],
    ]
    return [Grid(["项目", "内容"], rows, [0.25, 0.75])]


def interview_record(pk: int) -> list[Block]:
    from gongkai.interviews.models import FeedLine

    lines = FeedLine.objects.filter(interview_id=pk).order_by("said_at", "pk")
    rows = [
        [when(line.said_at)[-5:], line.speaker_name or line.get_speaker_kind_display(), line.text]
        for line in lines
    ]
    if not rows:
        return [Text("无文字实录。", "small")]
    return [Grid(["时间", "发言人", "内容"], rows, [0.1, 0.18, 0.72])]


def interview_replies(pk: int) -> list[Block]:
    from gongkai.questions.models import Question, QuestionStatus

    questions = (
        Question.objects.filter(interview_id=pk, status=QuestionStatus.APPROVED)
        .select_related("answer")
        .order_by("asked_at", "pk")
    )
    rows = []
    for question in questions:
        answer = getattr(question, "answer", None)
        published = answer.published_at if answer else None
        rows.append(
            [
                question.nickname,
                question.text,
                when(question.asked_at),
                answer.text if answer and published else "（尚未答复）",
                when(published),
                yes_no(answer.on_time) if answer else "—",
            ]
        )
    if not rows:
        return [Text("无网民留言。", "small")]
    return [
        Grid(
            ["网民", "留言", "留言时间", "答复", "答复时间", "按时"],
            rows,
            [0.1, 0.27, 0.14, 0.3, 0.13, 0.06],
        )
    ]


def policy_document(pk: int) -> list[Block]:
    from gongkai.policies.models import Interpretation, PolicyDocument

    document = PolicyDocument.objects.filter(pk=pk).first()
    if document is None:
        return []
    rows = [
        ["文号", document.number],
        ["标题", document.title],
        ["发文机关", document.issuer],
        ["签发日期", when(document.signed_on)],
        ["公开日期", when(document.published_on)],
    ]
    interpretations = [
        [i.get_kind_display(), i.title, when(i.published_on) or "未发布"]
        for i in Interpretation.objects.filter(document=document).order_by("created_at", "pk")
    ]
    blocks: list[Block] = [Grid(["项目", "内容"], rows, [0.25, 0.75])]
    if interpretations:
        blocks.append(Grid(["解读形式", "标题", "发布日期"], interpretations, [0.2, 0.6, 0.2]))
    else:
        blocks.append(Text("该文件无解读。", "small"))
    return blocks


def policy_interpretation(pk: int) -> list[Block]:
    from gongkai.policies.models import Interpretation

    item = Interpretation.objects.select_related("document").filter(pk=pk).first()
    if item is None:
        return []
    body = item.body.strip()
    blocks: list[Block] = [
        Grid(
            ["项目", "内容"],
            [
                ["形式", item.get_kind_display()],
                ["标题", item.title],
                ["解读人", item.interpreter],
                ["所解读文件", str(item.document)],
                ["发布日期", when(item.published_on) or "未发布"],
            ],
            [0.25, 0.75],
        )
    ]
    if body:
        blocks.append(Text(body[:800] + ("……" if len(body) > 800 else "")))
    if item.image:
        blocks.extend(attached(item.image, "解读图片"))
    return blocks


PARTS: dict[str, Callable[[int], list[Block]]] = {
    "plan": activity_plan,
    "signin": activity_signin,
    "held": activity_held,
    "photos": activity_photos,
    "opinions": activity_opinions,
    "receipt": interview_receipt,
    "outline": interview_outline,
    "interview": interview_info,
    "record": interview_record,
    "replies": interview_replies,
    "document": policy_document,
    "interpretation": policy_interpretation,
}
