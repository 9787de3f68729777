from django_tasks import task


@task()
def build_county_export_task(export_id: int) -> int:
    """Build a county's export ZIP; returns the number of rows in it."""
    from gongkai.countyadmin.exports import build_export

    return build_export(export_id).rows
