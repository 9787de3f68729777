"""Demo content for 走进政府 (idempotent): 2023 plans (one late, one unit without a plan),
fake representatives, a held activity with attendance, Q&A, opinions and approved photos, and
one planned activity two weeks after the day the demo is loaded (to register for).

Every person here is invented: names end in 演示, phone numbers are 1390000xxxx and ID numbers
start with the non-existent area code 999999."""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from gongkai.lib.deadlines import COUNTY_TZ
from gongkai.publishing.models import ReviewStatus
from gongkai.units.models import Unit
from gongkai.visits.models import (
    TOWN_KINDS,
    Activity,
    ActivityStatus,
    Channel,
    Media,
    MediaKind,
    OpinionForm,
    Registration,
    RegistrationStatus,
    Representative,
    RepresentativeCategory,
    Response,
    Satisfaction,
    Source,
    Suggestion,
    SuggestionOutcome,
    SuggestionStatus,
    SuggestionStep,
)
from gongkai.visits.person_index import person_index
from gongkai.visits.services.identity import id_check_digit

SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋"


def at(day: str, time: str = "09:30") -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=COUNTY_TZ)


def fake_id(n: int) -> str:
    first = f"999999{1960 + n % 40:04d}0{1 + n % 9}{10 + n % 18:02d}{n:03d}"
    return first + id_check_digit(first)


def fake_phone(n: int) -> str:
    return f"1390000{n:04d}"


PLANS = [
    # unit, title, starts, submitted, place, status
    (
        "县农业农村局",
        "走进农业农村局：乡村振兴与农业补贴政策",
        at("2023-05-16"),
        at("2023-04-07", "10:12"),
        "县农业农村局三楼会议室",
        ActivityStatus.HELD,
    ),
    (
        "镇靖镇",
        "走进镇靖镇：便民服务中心开放日",
        at("2023-06-20"),
        at("2023-04-08", "16:40"),
        "镇靖镇便民服务中心",
        ActivityStatus.PLANNED,
    ),
    (
        "小河镇",
        "走进小河镇：人居环境整治",
        at("2023-09-05", "14:30"),
        at("2023-04-09", "23:10"),
        "小河镇政府会议室",
        ActivityStatus.PLANNED,
    ),
    (
        "县统计局",
        "走进统计局：统计数据怎么来",
        at("2023-09-12"),
        at("2023-04-11", "09:05"),
        "县统计局会议室",
        ActivityStatus.PLANNED,
    ),
]

CONTACTS = {
    "县农业农村局": ("刘演示", "0912-4600001"),
    "镇靖镇": ("赵演示", "0912-4600002"),
    "小河镇": ("孙演示", "0912-4600003"),
    "县统计局": ("陈演示", "0912-4600004"),
}


def jpeg(color: tuple[int, int, int], taken: dt.datetime) -> bytes:
    from PIL import Image

    image = Image.new("RGB", (320, 200), color)
    exif = Image.Exif()
    exif[306] = taken.strftime("%Y:%m:%d %H:%M:%S")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=70, exif=exif.tobytes())
    return buffer.getvalue()


UPCOMING_IN_DAYS = 14


def upcoming_day(days: int, time: str) -> dt.datetime:
    """``time`` on the day ``days`` after today (county time): the demo's coming dates."""
    day = timezone.localdate(timezone.now(), COUNTY_TZ) + dt.timedelta(days=days)
    return at(day.isoformat(), time)


def _keep_one_upcoming(activity: Activity) -> None:
    """The demo as started today offers an activity to register for: the planned 镇靖镇 open
    day moves to two weeks ahead whenever its date is past (or too close to try it)."""
    if activity.status != ActivityStatus.PLANNED:
        return
    if activity.starts_at > timezone.now() + dt.timedelta(days=2):
        return
    activity.starts_at = upcoming_day(UPCOMING_IN_DAYS, "09:30")
    activity.ends_at = activity.starts_at + dt.timedelta(hours=2, minutes=30)
    activity.save(update_fields=["starts_at", "ends_at"])


@transaction.atomic
def load_demo(programme) -> None:
    if programme.year != 2023:
        return
    activities = {}
    for unit_name, title, starts, submitted, place, status in PLANS:
        unit = Unit.objects.get(name=unit_name)
        contact, phone = CONTACTS[unit_name]
        activity, _ = Activity.objects.get_or_create(
            programme=programme,
            unit=unit,
            title=title,
            defaults={
                "starts_at": starts,
                "ends_at": starts + dt.timedelta(hours=2, minutes=30),
                "submitted_at": submitted,
                "place": place,
                "contact_name": contact,
                "contact_phone": phone,
                "leader": f"{unit.head_title} 演示",
                "capacity": programme.representative_target,
                "status": status,
            },
        )
        activities[unit_name] = activity
    _keep_one_upcoming(activities["镇靖镇"])

    reps = []
    # 代表库: the demo's people come from a few towns and every category, leaving gaps.
    categories = [c for c, _label in RepresentativeCategory.choices]
    towns = list(Unit.objects.filter(kind__in=TOWN_KINDS).order_by("sort_order", "name")[:4])
    for n in range(1, 25):
        id_number = fake_id(n)
        rep, _ = Representative.objects.get_or_create(
            id_index=person_index(id_number),
            defaults={
                "name": f"{SURNAMES[n - 1]}演示",
                "id_number": id_number,
                "phone_encrypted": fake_phone(n),
                "workplace": "演示单位",
                "address": "靖边县演示路1号",
                "consent_at": at("2023-05-01", "10:00"),
                # The first twelve are invited below: typed in by the unit that invites them
                # (the others register themselves).
                "added_by_unit": activities["县农业农村局"].unit if n <= 12 else None,
                "category": categories[n % len(categories)],
                "town": towns[n % len(towns)] if towns and n % 5 else None,
                "sector": "农业" if n % 3 == 0 else "",
            },
        )
        reps.append(rep)

    held = activities["县农业农村局"]
    if not held.registrations.exists():
        for i, rep in enumerate(reps[:22]):
            confirmed = i < 20
            Registration.objects.create(
                activity=held,
                representative=rep,
                source=Source.INVITED if i < 12 else Source.SELF,
                status=RegistrationStatus.CONFIRMED if confirmed else RegistrationStatus.WAITING,
                year=2023,
                id_index=rep.id_index,
                created_at=at("2023-05-02", "09:00") + dt.timedelta(minutes=i),
                confirmed_at=at("2023-05-02", "09:00") if confirmed else None,
                checked_in_at=held.starts_at - dt.timedelta(minutes=10) if i < 19 else None,
            )
        held.leader_stayed = True
        held.attendance = 19
        held.recorded_at = held.starts_at + dt.timedelta(hours=4)
        held.held_note = "局长全程参加，介绍了机构职能和重点工作，代表们参观了农产品检测中心。"
        held.save()
        soon = activities["镇靖镇"]
        for i, rep in enumerate(reps[22:24]):
            Registration.objects.create(
                activity=soon,
                representative=rep,
                source=Source.SELF,
                status=RegistrationStatus.CONFIRMED,
                year=2023,
                id_index=rep.id_index,
                created_at=at("2023-06-01", "10:00") + dt.timedelta(minutes=i),
                confirmed_at=at("2023-06-01", "10:00"),
            )

    if not held.responses.exists():
        for q, a in [
            ("今年的耕地地力保护补贴什么时候发放？", "预计6月底前发放到户，可在“一卡通”查询。"),
            ("农产品检测结果能否公开？", "每月检测结果在县政府门户网站公开，下月起增加抽检品种。"),
            ("高标准农田建设有没有我们村？", "今年计划覆盖12个村，名单已在政务公开栏公示。"),
        ]:
            Response.objects.create(
                activity=held, question=q, answer=a, answered_by="县农业农村局局长"
            )

    if not held.opinion_forms.exists():
        agri = held.unit
        texts = [
            (
                "希望补贴政策的宣传更通俗一些。",
                SuggestionStatus.CLOSED,
                "已制作图解版政策并在各村张贴。",
            ),
            ("建议增加农技培训的场次。", SuggestionStatus.ANSWERED, "下半年将在各镇增加6场培训。"),
            ("村里灌溉渠需要维修。", SuggestionStatus.ASSIGNED, ""),
            ("希望农资价格信息定期公布。", SuggestionStatus.OPEN, ""),
        ]
        outcomes = [SuggestionOutcome.ADOPTED, SuggestionOutcome.ADOPTED, "", ""]
        for i, (text, status, answer) in enumerate(texts):
            form = OpinionForm.objects.create(
                activity=held,
                channel=Channel.PHONE if i % 2 == 0 else Channel.PAPER,
                satisfaction=[
                    Satisfaction.VERY,
                    Satisfaction.SATISFIED,
                    Satisfaction.SATISFIED,
                    Satisfaction.FAIR,
                ][i],
                submitted_at=held.starts_at + dt.timedelta(hours=2),
            )
            outcome = outcomes[i]
            suggestion = Suggestion.objects.create(
                form=form,
                activity=held,
                text=text,
                status=status,
                responsible_unit=agri if status != SuggestionStatus.OPEN else None,
                due_date=dt.date(2023, 6, 1) if status != SuggestionStatus.OPEN else None,
                answer=answer,
                outcome=outcome,
                answered_at=at("2023-05-25") if answer else None,
                closed_at=at("2023-05-30") if status == SuggestionStatus.CLOSED else None,
                created_at=form.submitted_at,
                # The service center approved the texts for the public tracker.
                public_text=text,
                published_at=form.submitted_at + dt.timedelta(days=1),
            )
            steps = [SuggestionStep(status=SuggestionStatus.OPEN, at=form.submitted_at)]
            if status != SuggestionStatus.OPEN:
                steps.append(
                    SuggestionStep(
                        status=SuggestionStatus.ASSIGNED,
                        unit_name=agri.name,
                        at=form.submitted_at + dt.timedelta(days=1),
                    )
                )
            if answer:
                steps.append(
                    SuggestionStep(
                        status=SuggestionStatus.ANSWERED,
                        outcome=outcome,
                        unit_name=agri.name,
                        at=at("2023-05-25"),
                    )
                )
            if status == SuggestionStatus.CLOSED:
                steps.append(
                    SuggestionStep(
                        status=SuggestionStatus.CLOSED, unit_name=agri.name, at=at("2023-05-30")
                    )
                )
            for step in steps:
                step.suggestion = suggestion
            SuggestionStep.objects.bulk_create(steps)

    if not held.media.exists():
        colors = [(46, 125, 50), (21, 101, 192), (198, 40, 40)]
        for i, color in enumerate(colors):
            item = Media(
                activity=held,
                kind=MediaKind.PHOTO,
                caption=["代表参观农产品检测中心", "座谈交流", "局长回答代表提问"][i],
                taken_at=held.starts_at,
                size=0,
                review_status=ReviewStatus.APPROVED,
                reviewed_at=at("2023-05-18"),
                published_at=at("2023-05-18"),
                uploaded_at=at("2023-05-17"),
            )
            data = jpeg(color, held.starts_at)
            item.size = len(data)
            item.file.save(f"demo-visit-{i + 1}.jpg", ContentFile(data), save=False)
            item.save()
        pending = Media(
            activity=held,
            kind=MediaKind.PHOTO,
            caption="合影（待审核）",
            size=0,
            taken_at=at("2023-03-02"),
            date_flag=True,
            uploaded_at=timezone.now(),
        )
        data = jpeg((120, 120, 120), at("2023-03-02"))
        pending.size = len(data)
        pending.file.save("demo-visit-pending.jpg", ContentFile(data), save=False)
        pending.save()
