"""The year's notice is a policy document of the county office: registered when the notice is
published (as the demo loader registers 2023's), so its interpretation falls due like any
other document's and appears on the workbench."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from gongkai.policies.models import DocumentStatus, PolicyDocument
from gongkai.policies.services.timing import rules_for
from gongkai.units.models import Unit


@transaction.atomic
def register_notice(programme: Any, *, by: Any = None) -> PolicyDocument | None:
    """The notice of ``programme`` as a published policy document (None without a county
    office unit or notice number). Idempotent: a document with that number is kept as it is."""
    county_office = Unit.objects.filter(special_role="county_office").first()
    if county_office is None or not programme.notice_number or not programme.notice_date:
        return None
    existing = PolicyDocument.objects.filter(number=programme.notice_number).first()
    if existing is not None:
        return existing
    published_on: dt.date = programme.notice_printed_date or programme.notice_date
    published_on = max(published_on, programme.notice_date)
    timing = rules_for(published_on.year)
    return PolicyDocument.objects.create(
        number=programme.notice_number,
        title=programme.notice_title or programme.title,
        issuer=programme.notice_issuer or county_office.name,
        signed_on=programme.notice_date,
        published_on=published_on,
        written_due_on=published_on + dt.timedelta(days=timing.written_days),
        video_due_on=published_on + dt.timedelta(days=timing.video_days),
        drafting_unit=county_office,
        interpreter_title=county_office.head_title,
        text=programme.notice_text,
        status=DocumentStatus.PUBLISHED,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )


def on_notice_published(sender: Any, *, programme: Any, by: Any = None, **kwargs: Any) -> None:
    """Receiver of ``programmes.signals.notice_published``."""
    register_notice(programme, by=by)
