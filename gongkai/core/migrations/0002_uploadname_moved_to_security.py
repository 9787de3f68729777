# UploadName now belongs to ``security`` (its 0001 takes over the same table): drop it from
# ``core``'s state only, so the table and its rows stay.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0001_upload_name"),
        ("security", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="UploadName")],
            database_operations=[],
        ),
    ]
