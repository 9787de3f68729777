from django.urls import path

from gongkai.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.entry_list, name="list"),
    path("export.csv", views.entry_export, {"fmt": "csv"}, name="export-csv"),
    path("export.xlsx", views.entry_export, {"fmt": "xlsx"}, name="export-xlsx"),
]
