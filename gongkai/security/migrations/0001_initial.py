# UploadName moves from ``core`` to ``security`` (docs/decisions.md, Layers). The table stays
# ``core_uploadname`` with its rows: only Django's state moves, and the content type is renamed
# so permissions and admin history keep pointing at it.

from django.db import migrations, models


def rename_content_type(apps, schema_editor, old="core", new="security"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    ContentType.objects.using(db).filter(app_label=old, model="uploadname").update(app_label=new)


def restore_content_type(apps, schema_editor):
    rename_content_type(apps, schema_editor, old="security", new="core")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0001_upload_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='UploadName',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=255, unique=True, verbose_name='stored name')),
                        ('original_name', models.CharField(max_length=255, verbose_name='original file name')),
                        ('uploaded_at', models.DateTimeField(auto_now_add=True, verbose_name='uploaded at')),
                    ],
                    options={
                        'verbose_name': 'uploaded file name',
                        'verbose_name_plural': 'uploaded file names',
                        'db_table': 'core_uploadname',
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(rename_content_type, restore_content_type),
    ]
