from django.urls import path

from gongkai.programmes import views

app_name = "programmes"

urlpatterns = [
    path("", views.programme_list, name="list"),
    path("new/", views.programme_create, name="programme-create"),
    path("<int:year>/", views.programme_detail, name="detail"),
    path("<int:year>/review/", views.programme_review, name="review"),
    path("<int:year>/edit/", views.programme_edit, name="programme-edit"),
    path("<int:year>/participants/", views.participants_edit, name="participants-edit"),
    path(
        "<int:year>/tracks/",
        views.programme_rows_edit,
        {"section": "tracks"},
        name="tracks-edit",
    ),
    path(
        "<int:year>/deadlines/",
        views.programme_rows_edit,
        {"section": "deadlines"},
        name="deadlines-edit",
    ),
    path("<int:year>/slots/", views.programme_rows_edit, {"section": "slots"}, name="slots-edit"),
    path(
        "<int:year>/guests/",
        views.programme_rows_edit,
        {"section": "guests"},
        name="guests-edit",
    ),
    path(
        "<int:year>/attachments/",
        views.programme_rows_edit,
        {"section": "attachments"},
        name="attachments-edit",
    ),
]
