"""The default sensitive-word list (questions/data/sensitive_words.txt): added to the list the
county keeps, never removing or duplicating a word it has."""

from pathlib import Path

from django.db import migrations

WORDS = Path(__file__).resolve().parents[1] / "data" / "sensitive_words.txt"


def default_words() -> list[str]:
    lines = WORDS.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def add_defaults(apps, schema_editor):
    SensitiveWord = apps.get_model("questions", "SensitiveWord")
    existing = {w.lower() for w in SensitiveWord.objects.values_list("word", flat=True)}
    SensitiveWord.objects.bulk_create(
        [SensitiveWord(word=w) for w in default_words() if w.lower() not in existing]
    )


class Migration(migrations.Migration):
    dependencies = [("questions", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
