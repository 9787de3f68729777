"""Re-encrypt every EncryptedTextField with the current FIELD_ENCRYPTION_KEY.

Rotation (docs/security.md): generate a new key, set FIELD_LOOKUP_KEY (once: the key the lookup
hashes were made with), FIELD_ENCRYPTION_KEY=<new> and FIELD_ENCRYPTION_OLD_KEYS=<old>, restart,
run ``gongkai rotate_keys``, then drop the old key.

The keyed lookup hashes (``blind_index``: representatives' ID numbers, netizens' lookup codes)
are not touched: they have their own key, FIELD_LOOKUP_KEY, which stays as it is.
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from gongkai.security.fields import EncryptedTextField, fernet


def encrypted_fields():
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if fields and not model._meta.proxy:
            yield model, fields


class Command(BaseCommand):
    help = "Re-encrypt all encrypted personal data with the current key (after a key change)."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size: int, **options):
        check_lookup_key()
        multi = fernet()
        total = 0
        for model, fields in encrypted_fields():
            names = [f.attname for f in fields]
            count = 0
            # Read the stored ciphertext (no decrypting from_db_value), rotate it to the
            # primary key, and write it back untouched by signals or get_prep_value.
            rows = list(_raw_rows(model, names, batch_size))
            with transaction.atomic():
                for pk, values in rows:
                    changes = {}
                    for name, token in zip(names, values, strict=True):
                        if token in (None, ""):
                            continue
                        try:
                            changes[name] = multi.rotate(token.encode()).decode()
                        except Exception as exc:
                            raise CommandError(
                                f"{model._meta.label} #{pk}.{name} cannot be decrypted with "
                                "FIELD_ENCRYPTION_KEY or FIELD_ENCRYPTION_OLD_KEYS."
                            ) from exc
                    if changes:
                        _raw_update(model, pk, changes)
                        count += 1
            total += count
            self.stdout.write(f"{model._meta.label}: {count} rows re-encrypted")
        self.stdout.write(self.style.SUCCESS(f"Done: {total} rows re-encrypted."))


def check_lookup_key() -> None:
    """Refuse a rotation that would move the lookup hashes' key along with the encryption key."""
    if settings.FIELD_ENCRYPTION_OLD_KEYS and not getattr(settings, "FIELD_LOOKUP_KEY", ""):
        raise CommandError(
            "FIELD_LOOKUP_KEY is not set, so the lookup hashes (ID numbers, lookup codes) now use "
            "the new FIELD_ENCRYPTION_KEY and no longer match. Set FIELD_LOOKUP_KEY to the key "
            "they were made with (the previous FIELD_ENCRYPTION_KEY, or SECRET_KEY if none was "
            "set), restart, and run rotate_keys again (docs/security.md, Key rotation)."
        )


def _raw_rows(model, names, batch_size):
    """(pk, [ciphertext, ...]) without decrypting: a raw SELECT on the table."""
    from django.db import connections, router

    db = router.db_for_read(model)
    connection = connections[db]
    qn = connection.ops.quote_name
    columns = ", ".join(qn(model._meta.get_field(n).column) for n in names)
    table = qn(model._meta.db_table)
    pk = qn(model._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {pk}, {columns} FROM {table} ORDER BY {pk}")  # noqa: S608
        while batch := cursor.fetchmany(batch_size):
            for row in batch:
                yield row[0], list(row[1:])


def _raw_update(model, pk, changes):
    from django.db import connections, router

    connection = connections[router.db_for_write(model)]
    qn = connection.ops.quote_name
    sets = ", ".join(f"{qn(model._meta.get_field(n).column)} = %s" for n in changes)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {qn(model._meta.db_table)} SET {sets} WHERE {qn(model._meta.pk.column)} = %s",  # noqa: S608
            [*changes.values(), pk],
        )
