"""Renaming and merging units in the directory: asked first, the published years untouched."""

from gongkai.programmes.models import Programme
from gongkai.units.models import Unit, UnitKind


def test_renaming_asks_first_and_changes_nothing_until_confirmed(client_as, programme):
    unit = Unit.objects.get(name="县农业农村局")
    client = client_as("county_office")
    asked = client.post(f"/staff/units/{unit.pk}/rename/", {"name": "县农业农村和水利局"})
    text = asked.content.decode()
    assert "不能撤销" in text and "p-unit" in text  # staff who move with it
    assert not Unit.objects.filter(name="县农业农村和水利局").exists()
    assert Unit.objects.get(pk=unit.pk).active


def test_a_unit_a_published_year_names_is_carried_on_by_a_new_record(client_as, programme):
    unit = Unit.objects.get(name="县农业农村局")
    client = client_as("county_office")
    data = {"name": "县农业农村和水利局", "confirmed": "1"}
    assert client.post(f"/staff/units/{unit.pk}/rename/", data).status_code == 302
    old = Unit.objects.get(pk=unit.pk)
    new = Unit.objects.get(name="县农业农村和水利局")
    assert (old.name, old.active, old.successor, old.change) == (
        "县农业农村局",
        False,
        new,
        "renamed",
    )
    assert new.active and new.kind == old.kind and new.sort_order == old.sort_order
    assert programme.participants.filter(pk=old.pk).exists()  # 2023 keeps the old record
    directory = client.get("/staff/units/").content.decode()
    assert "原县农业农村局" in directory and "现名县农业农村和水利局" in directory
    assert new.staff.filter(username="p-unit").exists()


def test_a_unit_no_published_year_names_is_renamed_in_place(client_as, programme):
    unit = Unit.objects.create(name="县新设局", kind=UnitKind.DEPARTMENT)
    client = client_as("county_office")
    data = {"name": "县新设管理局", "confirmed": "1"}
    assert client.post(f"/staff/units/{unit.pk}/rename/", data).status_code == 302
    unit.refresh_from_db()
    assert unit.name == "县新设管理局" and unit.active and unit.successor is None
    assert not Unit.objects.filter(name="县新设局").exists()


def test_the_edit_form_keeps_the_name_a_published_year_uses(client_as, programme):
    unit = Unit.objects.get(name="县统计局")
    client = client_as("county_office")
    page = client.get(f"/staff/units/{unit.pk}/edit/").content.decode()
    assert "已发布的年度使用这个名称" in page
    data = {"name": "县统计管理局", "kind": unit.kind, "sort_order": "7"}
    assert client.post(f"/staff/units/{unit.pk}/edit/", data).status_code == 302
    unit.refresh_from_db()
    assert (unit.name, unit.sort_order) == ("县统计局", 7)


def test_merging_moves_the_draft_year_and_keeps_the_published_one(client_as, programme):
    client = client_as("county_office")
    assert client.post("/staff/programmes/new/", {"year": "2024", "copy_from": programme.pk})
    draft = Programme.objects.get(year=2024)
    merged = Unit.objects.get(name="县统计局")
    into = Unit.objects.create(name="县统计和调查局", kind=UnitKind.DEPARTMENT)
    data = {"into": str(into.pk)}
    assert client.post(f"/staff/units/{merged.pk}/merge/", data).status_code == 200
    assert Unit.objects.get(pk=merged.pk).active  # only asked
    assert (
        client.post(f"/staff/units/{merged.pk}/merge/", {**data, "confirmed": "1"}).status_code
        == 302
    )
    slot_units = [u.name for s in draft.slots.all() for u in s.ordered_units()]
    assert "县统计和调查局" in slot_units and "县统计局" not in slot_units
    assert draft.guests.filter(unit=into).exists() and not draft.guests.filter(unit=merged).exists()
    old_slots = [u.name for s in programme.slots.all() for u in s.ordered_units()]
    assert "县统计局" in old_slots and "县统计和调查局" not in old_slots
    assert "原县统计局" in client.get("/staff/units/").content.decode()
