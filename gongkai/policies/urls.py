from django.urls import path

from gongkai.policies import views

app_name = "policies"

urlpatterns = [
    # portal: the 政策解读 column
    path("", views.index, name="index"),
    path("<int:pk>/", views.document_detail, name="document-detail"),
    path(
        "<int:pk>/attachments/<int:attachment_id>/",
        views.attachment_file,
        name="attachment-file",
    ),
    path("interpretations/<int:pk>/", views.interpretation_detail, name="interpretation-detail"),
    path(
        "interpretations/<int:pk>/<str:which>/",
        views.interpretation_file,
        name="interpretation-file",
    ),
    # staff
    path("staff/", views.staff_home, name="staff-home"),
    path("staff/new/", views.document_create, name="document-create"),
    path("staff/<int:pk>/", views.document_staff, name="document-staff"),
    path("staff/<int:pk>/edit/", views.document_edit, name="document-edit"),
    path("staff/<int:pk>/publish/", views.document_publish, name="document-publish"),
    path("staff/<int:pk>/status/", views.document_status, name="document-status"),
    path("staff/<int:pk>/plan/", views.plan_edit, name="plan-edit"),
    path("staff/<int:pk>/plan/waive/", views.plan_waive, name="plan-waive"),
    path("staff/<int:pk>/attachments/new/", views.attachment_add, name="attachment-add"),
    path(
        "staff/<int:pk>/interpretations/new/",
        views.interpretation_create,
        name="interpretation-create",
    ),
    path(
        "staff/<int:pk>/video-requests/new/",
        views.video_request_create,
        name="video-request-create",
    ),
    path(
        "staff/interpretations/<int:pk>/revise/",
        views.interpretation_revise,
        name="interpretation-revise",
    ),
    path("staff/review/", views.review_list, name="review-list"),
    path(
        "staff/interpretations/<int:pk>/review/",
        views.interpretation_review,
        name="interpretation-review",
    ),
    path("staff/video-requests/", views.video_request_list, name="video-request-list"),
    path(
        "staff/video-requests/<int:pk>/cancel/",
        views.video_request_cancel,
        name="video-request-cancel",
    ),
    path(
        "staff/video-requests/<int:pk>/schedule/",
        views.video_request_schedule,
        name="video-request-schedule",
    ),
    path(
        "staff/video-requests/<int:pk>/upload/",
        views.video_request_upload,
        name="video-request-upload",
    ),
    path("staff/statistics/", views.statistics, name="statistics"),
    path("staff/rules/", views.rules_edit, name="rules-edit"),
]
