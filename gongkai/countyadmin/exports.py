"""The county's export ZIP, built in the background (django-tasks, as the evidence bundle):
a county with years of photos and videos takes longer than a request may."""

from __future__ import annotations

import logging
from typing import Any

from django.core.files import File
from django.db import transaction
from django.utils import timezone

from gongkai.counties import scope
from gongkai.counties.models import County
from gongkai.countyadmin import transfer
from gongkai.countyadmin.models import CountyExport, ExportState

logger = logging.getLogger(__name__)


def start_export(county: County, *, by: Any) -> CountyExport:
    """Queue an export of ``county`` (the task starts once the request has committed)."""
    from gongkai.countyadmin.tasks import build_county_export_task

    with scope.all_counties():
        export = CountyExport.objects.create(county=county, requested_by=by)
    transaction.on_commit(lambda: build_county_export_task.enqueue(export.pk))
    return export


def build_export(export_id: int) -> CountyExport:
    with scope.all_counties():
        export = CountyExport.objects.select_related("county").get(pk=export_id)
        if export.state == ExportState.READY:
            return export
        export.state = ExportState.RUNNING
        export.save(update_fields=["state"])
        try:
            path, counts = transfer.export_to_temp(export.county)
            try:
                with path.open("rb") as handle:
                    export.file.save(
                        f"{export.county.slug}-{export.pk}.zip", File(handle), save=False
                    )
            finally:
                path.unlink(missing_ok=True)
            export.rows = sum(counts.values())
            export.state = ExportState.READY
        except Exception as exc:  # noqa: BLE001 - the page must say it failed, and why
            logger.exception("county export %s failed", export.pk)
            export.state = ExportState.FAILED
            export.error = f"{type(exc).__name__}: {exc}"[:1000]
        export.finished_at = timezone.now()
        export.save(update_fields=["state", "rows", "file", "error", "finished_at"])
    return export
