from django.db import migrations, models


def fill_phone_last4(apps, schema_editor):
    Representative = apps.get_model("visits", "Representative")
    for rep in Representative.objects.only("pk", "phone_encrypted").iterator():
        Representative.objects.filter(pk=rep.pk).update(
            phone_last4=(rep.phone_encrypted or "")[-4:]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="representative",
            name="phone_last4",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=4),
        ),
        migrations.RunPython(fill_phone_last4, migrations.RunPython.noop),
    ]
