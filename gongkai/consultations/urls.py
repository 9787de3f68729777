from django.urls import path

from gongkai.consultations.views import public, review, staff

app_name = "consultations"
urlpatterns = [
    path("", public.index, name="index"),
    path("<int:pk>/", public.detail, name="detail"),
    path("<int:pk>/take/", public.take, name="take"),
    path("<int:pk>/code/", public.send_code, name="send-code"),
    path("<int:pk>/results/", public.results, name="results"),
    path(
        "<int:pk>/attachments/<int:attachment_id>/",
        public.attachment_file,
        name="attachment-file",
    ),
    path("staff/", staff.staff_list, name="staff-home"),
    path("staff/new/", staff.create, name="staff-create"),
    path("staff/<int:pk>/", staff.detail, name="staff-detail"),
    path("staff/<int:pk>/edit/", staff.edit, name="staff-edit"),
    path("staff/<int:pk>/items/add/", staff.item_add, name="staff-item-add"),
    path("staff/<int:pk>/items/<int:item_pk>/", staff.item_edit, name="staff-item-edit"),
    path("staff/<int:pk>/items/<int:item_pk>/delete/", staff.item_delete, name="staff-item-delete"),
    path("staff/<int:pk>/items/<int:item_pk>/move/", staff.item_move, name="staff-item-move"),
    path("staff/<int:pk>/attachments/add/", staff.attachment_add, name="staff-attachment-add"),
    path(
        "staff/<int:pk>/attachments/<int:attachment_id>/delete/",
        staff.attachment_delete,
        name="staff-attachment-delete",
    ),
    path("staff/<int:pk>/submit/", staff.submit, name="staff-submit"),
    path("staff/<int:pk>/send-back/", staff.send_back, name="staff-send-back"),
    path("staff/<int:pk>/publish/", staff.publish, name="staff-publish"),
    path("staff/<int:pk>/close/", staff.close, name="staff-close"),
    path("staff/<int:pk>/comments/", review.comments, name="staff-comments"),
    path(
        "staff/<int:pk>/comments/<int:comment_pk>/approve/",
        review.comment_approve,
        name="staff-comment-approve",
    ),
    path(
        "staff/<int:pk>/comments/<int:comment_pk>/reject/",
        review.comment_reject,
        name="staff-comment-reject",
    ),
    path(
        "staff/<int:pk>/comments/<int:comment_pk>/adoption/",
        review.adoption,
        name="staff-adoption",
    ),
    path("staff/<int:pk>/feedback/", review.feedback_publish, name="staff-feedback"),
]
