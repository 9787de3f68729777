"""The county's bundle: every participating unit's PDF and an index in one ZIP, built in the
background with its progress (n of N units) saved as it goes."""

from __future__ import annotations

import io
import logging
import zipfile
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from gongkai.assessment import services
from gongkai.assessment.bundle.pdf import unit_bundle_pdf
from gongkai.assessment.models import BundleState, CountyBundle
from gongkai.audit.services import record
from gongkai.programmes.models import Programme

logger = logging.getLogger(__name__)


def unit_file_name(rank: int, unit_name: str) -> str:
    return f"{rank:02d}-{unit_name}.pdf"


def start_county_bundle(programme: Programme, *, by: Any) -> CountyBundle:
    """Queue a new county bundle (the task builds it once the request has committed)."""
    from gongkai.assessment.tasks import build_county_bundle_task

    bundle = CountyBundle.objects.create(
        programme=programme, requested_by=by, total=programme.participants.count()
    )
    record("export", instance=bundle, object_repr=f"{programme.year} county evidence bundle")
    transaction.on_commit(lambda: build_county_bundle_task.enqueue(bundle.pk))
    return bundle


def build_county_bundle(bundle_id: int) -> CountyBundle:
    bundle = CountyBundle.objects.select_related("programme").get(pk=bundle_id)
    if bundle.state == BundleState.READY:
        return bundle
    try:
        _build(bundle)
    except Exception as exc:  # noqa: BLE001 - the page must say it failed, and why
        logger.exception("county bundle %s failed", bundle.pk)
        bundle.state = BundleState.FAILED
        bundle.error = f"{type(exc).__name__}: {exc}"[:1000]
        bundle.finished_at = timezone.now()
        bundle.save(update_fields=["state", "error", "finished_at"])
    return bundle


def _build(bundle: CountyBundle) -> None:
    programme = bundle.programme
    table = services.compute_scores(programme)  # a locked year: its snapshot
    units = sorted(table.units, key=lambda u: (u.rank, u.unit_name))
    bundle.state, bundle.total, bundle.done = BundleState.RUNNING, len(units), 0
    bundle.save(update_fields=["state", "total", "done"])
    buffer = io.BytesIO()
    index = [
        f"{programme.year}年度政务公开活动考核佐证材料",
        "名次\t单位\t得分\t应得分\t百分制得分\t文件",
    ]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for unit in units:
            name = unit_file_name(unit.rank, unit.unit_name)
            archive.writestr(name, unit_bundle_pdf(table, unit.unit_id, programme.year))
            index.append(
                f"{unit.rank}\t{unit.unit_name}\t{unit.earned}\t{unit.maximum}\t"
                f"{unit.percent}\t{name}"
            )
            bundle.done += 1
            CountyBundle.objects.filter(pk=bundle.pk).update(done=bundle.done)
        state = "已锁定" if table.locked else "未锁定，按生成时数据计算"
        index.append(f"成绩状态：{state}；生成时间：{timezone.localtime():%Y-%m-%d %H:%M}")
        archive.writestr("目录.txt", "\r\n".join(index) + "\r\n")
    bundle.file.save(f"county-{programme.year}-{bundle.pk}.zip", ContentFile(buffer.getvalue()),
                     save=False)  # fmt: skip
    bundle.state, bundle.finished_at = BundleState.READY, timezone.now()
    bundle.save(update_fields=["file", "state", "finished_at"])
    # The new ZIP supersedes the year's earlier ones (each request stays in the audit log).
    for older in CountyBundle.objects.filter(programme=programme, pk__lt=bundle.pk).exclude(
        state__in=[BundleState.QUEUED, BundleState.RUNNING]
    ):
        if older.file:
            older.file.delete(save=False)
        older.delete()
