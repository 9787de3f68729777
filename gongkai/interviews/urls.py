from django.urls import path

from gongkai.interviews.views import control, guests, public, staff, status

app_name = "interviews"

urlpatterns = [
    path("", public.index, name="index"),
    path("calendar.ics", public.calendar, name="calendar"),
    path("<int:pk>/", public.detail, name="detail"),
    path("staff/", staff.home, name="staff-home"),
    path("staff/book/", staff.book, name="staff-book"),
    path("staff/schedule.xlsx", staff.schedule_xlsx, name="schedule-export"),
    path("staff/receipts.xlsx", staff.receipts_xlsx, name="receipts-export"),
    path("staff/assignments/", staff.crew_calendar, name="crew-calendar"),
    path("staff/<int:pk>/", staff.detail, name="staff-detail"),
    path("staff/<int:pk>/move/", staff.move, name="interview-move"),
    path("staff/<int:pk>/crew/", staff.crew, name="crew-edit"),
    path("staff/<int:pk>/receipt/", staff.receipt_edit, name="receipt-edit"),
    path("staff/<int:pk>/receipt.docx", staff.receipt_docx, name="receipt-docx"),
    path("staff/<int:pk>/outline/", staff.outline_edit, name="outline-edit"),
    path("staff/<int:pk>/outline/review/", staff.outline_review, name="outline-review"),
    path("staff/<int:pk>/video/", staff.video_upload, name="video-upload"),
    path(
        "staff/<int:pk>/guests/<int:person_pk>/photo/",
        guests.guest_photo,
        name="guest-photo",
    ),
    path("staff/<int:pk>/status/<str:to>/", status.status_step, name="status-step"),
    path("staff/<int:pk>/publication/", staff.publication, name="publication-edit"),
    path("staff/<int:pk>/control/", control.control_room, name="staff-control"),
    path("staff/<int:pk>/control/feed/", control.feed_add, name="feed-add"),
    path(
        "staff/<int:pk>/control/feed/<int:line_pk>/remove/",
        control.feed_remove,
        name="feed-remove",
    ),
    path("staff/<int:pk>/control/photos/", control.photo_add, name="photo-add"),
]
