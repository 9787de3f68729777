"""Which models the service center reviews. An app registers each ``Reviewable`` model once,
in its ``AppConfig.ready()``:

    register_reviewable(Media, _("Activity photos and videos"), "activity__unit",
                        lambda item: reverse("visits:staff-activity", args=[item.activity_id]),
                        preview_url=lambda item: item.file.url if item.kind == "photo" else "")

``owner_unit_field`` is the lookup from the model to the unit that owns the item (for the
queue's "unit" column and select_related); ``detail_url`` takes an item and returns the staff
page where the reviewer sees it in context.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gongkai.publishing.models import Reviewable


@dataclass(frozen=True)
class ReviewableKind:
    model: type[Reviewable]
    label: Any
    owner_unit_field: str
    detail_url: Callable[[Any], str] | None
    preview_url: Callable[[Any], str] | None = None
    preview_is_video: bool = False  # the preview is a video (a player, not an image)

    @property
    def key(self) -> str:
        return self.model._meta.label_lower

    def owner_unit(self, item: Any):
        value = item
        for part in self.owner_unit_field.split("__"):
            value = getattr(value, part, None)
            if value is None:
                return None
        return value


_kinds: dict[str, ReviewableKind] = {}


def register_reviewable(
    model: type[Reviewable],
    label: Any,
    owner_unit_field: str,
    detail_url: Callable[[Any], str] | None = None,
    *,
    preview_url: Callable[[Any], str] | None = None,
    preview_is_video: bool = False,
) -> None:
    kind = ReviewableKind(model, label, owner_unit_field, detail_url, preview_url, preview_is_video)
    _kinds[kind.key] = kind


def reviewable_kinds() -> list[ReviewableKind]:
    return list(_kinds.values())


def reviewable_kind(key: str) -> ReviewableKind | None:
    return _kinds.get(key)
