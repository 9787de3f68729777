"""The receipt a netizen sees once a question is stored: the private lookup code (shown only
once) and the reply's due date. Built in Python rather than a template because it is the
answer on the intake's busiest path (the live page posts every question with htmx): about a
tenth of the work of rendering the same markup through the template engine
(bench/question_intake.py)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from gongkai.questions.models import Question

_LOOKUP_URL: list[str] = []


def _lookup_url() -> str:
    if not _LOOKUP_URL:
        _LOOKUP_URL.append(reverse("questions:question-lookup"))
    return _LOOKUP_URL[0]


def receipt_body(question: Question, code: str) -> SafeString:
    """Thanks, the code and the due date (both the live card and the full page show this)."""
    thanks = _("Thank you. Your question will be published after review.")
    if not question.is_public:
        thanks += " " + _(
            "You asked us not to publish it: only you will see the reply, with your code."
        )
    parts = [
        format_html("<p>{}</p>", thanks),
        format_html(
            '<div class="card">\n  <p>{}</p>\n  <p class="lookup-code"><strong>{}</strong></p>\n'
            "  <p>{}</p>\n</div>",
            _("Your private lookup code (write it down, it is shown only once):"),
            code,
            _("A reply is due by %(due)s at the latest.")
            % {"due": question.due_date.strftime("%Y-%m-%d")},
        ),
    ]
    if question.flagged:
        parts.append(
            format_html(
                '<p class="muted">{}</p>',
                _("Your question will be read carefully by a reviewer before it is published."),
            )
        )
    return format_html_join("\n", "{}", ((part,) for part in parts))


def receipt_card(question: Question, code: str) -> SafeString:
    """The card the live and preview pages swap in place of the ask form."""
    return format_html(
        '<section class="card question-ask" role="status">\n<p><strong>{}</strong></p>\n{}\n'
        '<p><a href="{}">{}</a></p>\n</section>',
        _("Question received"),
        receipt_body(question, code),
        _lookup_url(),
        _("Look up your question"),
    )
