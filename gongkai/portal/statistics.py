"""The 互动数据 page's figures, provided by the apps that own them.

The portal is a host: an app registers a provider from its ``ready()``
(``register_statistics(provider)``), and the portal never imports the app back. A provider
returns a mapping (or a list of pairs) of translated label → value; an empty result means "no
data yet" and adds no rows.

Below the figures, an app can add a breakdown of its own (tables and charts):
``register_section(render)``, where ``render(request)`` returns the section's HTML (already
escaped, e.g. from ``render_to_string``), or "" when it has nothing to show.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

Provider = Callable[[], "Mapping[object, object] | Iterable[tuple[object, object]]"]
Section = Callable[[HttpRequest], str]
_providers: list[Provider] = []
_sections: list[Section] = []


def register_section(render: Section) -> None:
    if render not in _sections:
        _sections.append(render)


def sections(request: HttpRequest) -> list[SafeString]:
    """Every registered section's HTML, in registration order (empty ones left out)."""
    rendered = (render(request) for render in _sections)
    return [mark_safe(html) for html in rendered if html]  # noqa: S308  (rendered by templates)


def register_statistics(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def rows() -> list[tuple[str, object]]:
    """Every provider's figures in registration order."""
    out: list[tuple[str, object]] = []
    for provider in _providers:
        data = provider()
        if not data:
            continue
        pairs = data.items() if isinstance(data, Mapping) else data
        out += [(str(label), value) for label, value in pairs]
    return out
