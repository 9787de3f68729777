from django.urls import path

from gongkai.countyadmin import views

app_name = "countyadmin"
urlpatterns = [
    path("", views.county_list, name="list"),
    path("new/", views.county_new, name="new"),
    path("shared/workdays/", views.shared_workdays, name="shared-workdays"),
    path(
        "shared/workdays/<int:pk>/delete/",
        views.shared_workday_delete,
        name="shared-workday-delete",
    ),
    path("shared/words/", views.shared_words, name="shared-words"),
    path("shared/words/<int:pk>/delete/", views.shared_word_delete, name="shared-word-delete"),
    path("<slug:slug>/", views.county_edit, name="edit"),
    path("<slug:slug>/active/", views.county_toggle, name="toggle"),
    path("<slug:slug>/export/", views.county_export, name="export"),
    path("<slug:slug>/exports/<int:pk>.zip", views.county_export_download, name="export-download"),
]
