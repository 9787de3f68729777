"""The 互动数据 page's figures, provided by the apps that own them.

The portal is a host: an app registers a provider from its ``ready()``
(``register_statistics(provider)``), and the portal never imports the app back. A provider
returns a mapping (or a list of pairs) of translated label → value; an empty result means "no
data yet" and adds no rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

Provider = Callable[[], "Mapping[object, object] | Iterable[tuple[object, object]]"]
_providers: list[Provider] = []


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
