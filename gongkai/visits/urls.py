from django.urls import path

from gongkai.visits.views import calendar, public, staff, tracker

app_name = "visits"

urlpatterns = [
    path("", public.index, name="index"),
    path("calendar.ics", calendar.calendar, name="calendar"),
    path("<int:pk>/", public.activity_detail, name="activity"),
    path("<int:pk>/register/", public.register, name="register"),
    path("registration/<str:code>/", public.registration, name="registration"),
    path("registration/<str:code>/cancel/", public.registration_cancel, name="registration-cancel"),
    path("checkin/<str:token>/", public.checkin, name="checkin"),
    path("opinion/<str:token>/", public.opinion, name="opinion"),
    path("qr/<str:what>/<str:token>.svg", public.qr, name="qr"),
    path("lookup/", public.lookup, name="lookup"),
    path("suggestions/", tracker.suggestion_list, name="suggestions"),
    path("suggestions/<int:pk>/", tracker.suggestion_detail, name="suggestion"),
    # staff
    path("staff/", staff.home, name="staff-home"),
    path("staff/plans/new/", staff.plan_create, name="staff-plan-create"),
    path("staff/<int:pk>/", staff.activity_detail, name="staff-activity"),
    path("staff/<int:pk>/edit/", staff.plan_edit, name="staff-plan-edit"),
    path("staff/<int:pk>/invite/", staff.invite, name="staff-invite"),
    path(
        "staff/<int:pk>/registrations/<int:reg_pk>/cancel/",
        staff.registration_cancel,
        name="staff-registration-cancel",
    ),
    path(
        "staff/<int:pk>/registrations/<int:reg_pk>/checkin/",
        staff.registration_checkin,
        name="staff-registration-checkin",
    ),
    path("staff/<int:pk>/sign-in-sheet/", staff.signin_sheet, name="staff-signin-sheet"),
    path("staff/<int:pk>/record/", staff.record_view, name="staff-record"),
    path("staff/<int:pk>/responses/", staff.response_add, name="staff-response-add"),
    path("staff/<int:pk>/opinions/paper/", staff.opinion_paper, name="staff-opinion-paper"),
    path(
        "staff/<int:pk>/opinions/<int:form_pk>/scan/",
        staff.opinion_scan,
        name="staff-opinion-scan",
    ),
    path("staff/<int:pk>/media/", staff.media_upload, name="staff-media-upload"),
    path("staff/suggestions/", staff.suggestion_list, name="staff-suggestions"),
    path("staff/suggestions/bulk/", staff.suggestion_bulk, name="staff-suggestion-bulk"),
    path(
        "staff/suggestions/<int:pk>/assign/",
        staff.suggestion_assign,
        name="staff-suggestion-assign",
    ),
    path(
        "staff/suggestions/<int:pk>/answer/",
        staff.suggestion_answer,
        name="staff-suggestion-answer",
    ),
    path(
        "staff/suggestions/<int:pk>/start/",
        staff.suggestion_start,
        name="staff-suggestion-start",
    ),
    path(
        "staff/suggestions/<int:pk>/publish/",
        staff.suggestion_publish,
        name="staff-suggestion-publish",
    ),
    path(
        "staff/suggestions/<int:pk>/withdraw/",
        staff.suggestion_withdraw,
        name="staff-suggestion-withdraw",
    ),
    path("staff/representatives/", staff.representative_list, name="staff-representatives"),
    path(
        "staff/representatives/<int:pk>/pool/",
        staff.representative_pool_fields,
        name="staff-representative-pool",
    ),
    path("staff/pool/", staff.coverage_view, name="staff-pool"),
    path("staff/pool/<int:year>/rules/", staff.rules_save, name="staff-pool-rules"),
    path("staff/attachment-1/", staff.attachment_1, name="staff-attachment-1"),
    path("staff/attachment-1.xlsx", staff.attachment_1_xlsx, name="staff-attachment-1-xlsx"),
    path("staff/compliance/", staff.compliance_view, name="staff-compliance"),
]
