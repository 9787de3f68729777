from django.urls import path

from gongkai.assessment import bundle_views, lock_views, views

app_name = "assessment"

urlpatterns = [
    path("", views.home, name="staff-home"),
    path("<int:year>/", views.ranking, name="ranking"),
    path("<int:year>/print/", views.ranking_print, name="ranking-print"),
    path("<int:year>/report.xlsx", views.report_xlsx, name="report-xlsx"),
    path("<int:year>/progress/", views.progress_dashboard, name="progress"),
    path("<int:year>/indicators/", views.indicators, name="indicators"),
    path("<int:year>/indicators/new/", views.indicator_form, name="indicator-new"),
    path("<int:year>/indicators/<int:pk>/edit/", views.indicator_form, name="indicator-edit"),
    path("<int:year>/indicators/<int:pk>/delete/", views.indicator_delete, name="indicator-delete"),
    path("<int:year>/lock/", lock_views.lock, name="lock"),
    path("<int:year>/unlock/", lock_views.unlock, name="unlock"),
    path("<int:year>/locks/", lock_views.history, name="locks"),
    path("<int:year>/locks/<int:pk>/", lock_views.snapshot_detail, name="lock-detail"),
    path("<int:year>/objections/", views.objection_list, name="objections"),
    path("<int:year>/objections/<int:pk>/answer/", views.objection_answer, name="objection-answer"),
    path("<int:year>/units/<int:unit_id>/", views.unit_detail, name="unit"),
    path("<int:year>/units/<int:unit_id>/bundle.pdf", bundle_views.unit_bundle, name="unit-bundle"),
    path("<int:year>/bundle/", bundle_views.county_bundle, name="bundle"),
    path(
        "<int:year>/bundle/<int:pk>/status/",
        bundle_views.county_bundle_status,
        name="bundle-status",
    ),
    path(
        "<int:year>/bundle/<int:pk>/download/",
        bundle_views.county_bundle_download,
        name="bundle-download",
    ),
    path(
        "<int:year>/units/<int:unit_id>/points/<int:indicator_id>/adjust/",
        views.adjust,
        name="adjust",
    ),
    path(
        "<int:year>/units/<int:unit_id>/objections/new/", views.objection_new, name="objection-new"
    ),
]
