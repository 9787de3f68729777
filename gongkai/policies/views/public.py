"""The portal's 政策解读 column: published documents and interpretations, and their files."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from gongkai.policies import parts, rules
from gongkai.policies.models import Interpretation, PolicyDocument
from gongkai.portal.cache import public_page
from gongkai.security.media import media_response


def _published_interpretations() -> Prefetch:
    return Prefetch(
        "interpretations",
        queryset=Interpretation.objects.published().order_by("published_at", "id"),
        to_attr="public_interpretations",
    )


@public_page
def index(request):
    documents = (
        PolicyDocument.objects.public()
        .select_related("drafting_unit")
        .prefetch_related(_published_interpretations())
    )
    page = Paginator(documents, 20).get_page(request.GET.get("page"))
    return render(request, "policies/index.html", {"page": page, "documents": page.object_list})


def _public_document(pk: int) -> PolicyDocument:
    return get_object_or_404(PolicyDocument.objects.public().select_related("drafting_unit"), pk=pk)


@public_page
def document_detail(request, pk: int):
    document = get_object_or_404(
        PolicyDocument.objects.public()
        .select_related("drafting_unit")
        .prefetch_related(
            _published_interpretations(),
            "attachments",
            Prefetch(
                "related_interviews",
                queryset=_public_interviews(),
            ),
        ),
        pk=pk,
    )
    return render(
        request,
        "policies/document_detail.html",
        {"document": document, "parts": parts.render_parts(request, document)},
    )


def _public_interviews():
    """Only interviews the portal shows: the page links to each one."""
    from gongkai.interviews.models import Interview

    return Interview.objects.public().select_related("unit")


@public_page
def interpretation_detail(request, pk: int):
    interpretation: Interpretation = get_object_or_404(
        Interpretation.objects.published()
        .filter(document__in=PolicyDocument.objects.public())
        .select_related("document", "document__drafting_unit"),
        pk=pk,
    )
    return render(
        request, "policies/interpretation_detail.html", {"interpretation": interpretation}
    )


def _may_see_unpublished(user, document: PolicyDocument) -> bool:
    return rules.may_see_unpublished(user, document)


def attachment_file(request, pk: int, attachment_id: int):
    document = get_object_or_404(PolicyDocument, pk=pk)
    if not document.is_public and not _may_see_unpublished(request.user, document):
        raise Http404
    attachment = get_object_or_404(document.attachments, pk=attachment_id)
    return media_response(
        attachment.file.name,
        public=document.is_public,
        range_header=request.headers.get("Range", ""),
    )


def interpretation_file(request, pk: int, which: str):
    interpretation: Interpretation = get_object_or_404(
        Interpretation.objects.select_related("document"), pk=pk
    )
    public = interpretation.is_published and interpretation.document.is_public
    if not public and not _may_see_unpublished(request.user, interpretation.document):
        raise Http404
    stored = {
        "image": interpretation.image,
        "video": interpretation.video,
        "audio": interpretation.audio,
    }.get(which)
    if not stored:
        raise Http404
    # One byte range at a time: phones play and seek a video or an audio that way.
    return media_response(stored.name, public=public, range_header=request.headers.get("Range", ""))
