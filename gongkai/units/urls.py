from django.urls import path

from gongkai.units import views

app_name = "units"

urlpatterns = [
    path("", views.unit_list, name="list"),
    path("new/", views.unit_create, name="unit-create"),
    path("<int:pk>/edit/", views.unit_edit, name="unit-edit"),
    path("<int:pk>/deactivate/", views.unit_deactivate, name="unit-deactivate"),
    path("<int:pk>/rename/", views.unit_rename, name="unit-rename"),
    path("<int:pk>/merge/", views.unit_merge, name="unit-merge"),
    path("import/", views.units_import, name="units-import"),
    path("export.xlsx", views.units_export, name="units-export"),
]
