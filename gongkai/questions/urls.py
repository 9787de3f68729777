from django.urls import path

from gongkai.questions.views import board, control, metoo, public, staff

app_name = "questions"
urlpatterns = [
    path("interview/<int:pk>/", public.interview_questions, name="interview-questions"),
    path("interview/<int:pk>/ask/", public.ask, name="question-ask"),
    path("<int:pk>/metoo/", metoo.me_too, name="question-metoo"),
    path("captcha/<str:token>.png", public.captcha_image, name="captcha-image"),
    path("lookup/", public.lookup, name="question-lookup"),
    path("lookup/rate/", public.rate, name="question-rate"),
    path("stats/", public.stats_page, name="stats"),
    path("staff/", staff.queue, name="staff-home"),
    path("staff/approve/", staff.questions_bulk_approve, name="questions-approve"),
    path("staff/<int:pk>/", staff.question_detail, name="question-detail"),
    path("staff/<int:pk>/approve/", staff.question_approve, name="question-approve"),
    path("staff/<int:pk>/reject/", staff.question_reject, name="question-reject"),
    path("staff/<int:pk>/correct/", staff.question_correct, name="question-correct"),
    path("staff/<int:pk>/merge/", staff.question_merge, name="question-merge"),
    path("staff/<int:pk>/merge-group/", board.merge_group, name="question-merge-group"),
    path("staff/<int:pk>/send/", staff.question_send, name="question-send"),
    path("staff/<int:pk>/answer/", staff.answer_save, name="answer-save"),
    path("staff/<int:pk>/answer/approve/", staff.answer_approve, name="answer-approve"),
    path("staff/words/", staff.word_list, name="word-list"),
    # The questions panel of an interview's control room.
    path("staff/interview/<int:pk>/control/", control.panel, name="control-panel"),
    path(
        "staff/interview/<int:pk>/control/<int:question_pk>/answering/",
        control.answering,
        name="control-answering",
    ),
    path(
        "staff/interview/<int:pk>/control/answering/clear/",
        control.answering_clear,
        name="control-answering-clear",
    ),
    path(
        "staff/interview/<int:pk>/control/<int:question_pk>/answer/",
        control.answer,
        name="control-answer",
    ),
    path("staff/words/<int:pk>/delete/", staff.word_delete, name="word-delete"),
]
