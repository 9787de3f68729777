"""Rows for the portal benchmark (bench/portal_load.py): published policy documents, each with
an approved written interpretation."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

PER_SCALE = 30


def generate_load(programme, *, scale: int, rng: random.Random) -> dict[str, int]:
    from gongkai.counties import scope
    from gongkai.policies.models import DocumentStatus, Interpretation, PolicyDocument
    from gongkai.publishing.models import ReviewStatus
    from gongkai.units.models import Unit

    units = list(Unit.objects.implementing()[:50])
    # Document numbers are unique across the deployment (policies.PolicyDocument.number): with
    # several counties (bench/multi_county.py) each county's numbers carry its slug.
    county = scope.current()
    prefix = f"压测{county.slug}" if county is not None else "压测"
    have = PolicyDocument.objects.filter(number__startswith=prefix).count()
    documents = []
    for i in range(have, int(PER_SCALE * scale)):
        signed = dt.date(2023, 1, 1) + dt.timedelta(days=i % 330)
        documents.append(
            PolicyDocument(
                title=f"关于做好{rng.choice(['就业', '教育', '医疗', '农业'])}工作的通知（{i + 1}）",
                number=f"{prefix}〔2023〕{i + 1}号",
                issuer="县人民政府办公室",
                signed_on=signed,
                published_on=signed + dt.timedelta(days=1),
                drafting_unit=rng.choice(units),
                text="各镇人民政府，县直各部门：现将有关事项通知如下。" * 20,
                status=DocumentStatus.PUBLISHED,
            )
        )
    created = PolicyDocument.objects.bulk_create(documents, batch_size=500)
    Interpretation.objects.bulk_create(
        [
            Interpretation(
                document=document,
                kind="text",
                title=f"解读：{document.title}",
                body="一、出台背景。二、主要内容。三、政策亮点。" * 10,
                review_status=ReviewStatus.APPROVED,
                published_at=timezone.make_aware(
                    dt.datetime.combine(document.published_on, dt.time(10))
                ),
            )
            for document in created
        ],
        batch_size=500,
    )
    return {"policy_documents": PolicyDocument.objects.count()}
