"""What the apps contribute to shared pages and to each other, without importing each other.

Apps import downwards only (the layering contract in pyproject.toml). A page that shows the
work of many apps — the dashboard, the home page — must therefore not import them; instead
each app adds its part here in its ``AppConfig.ready``:

- ``dashboard_panels``: a panel of the dashboard (``accounts``);
- ``home_sections``: a section of the home page (``programme``);
- ``office_facts``: lines on each office's card of the dashboard ("12 actors kept");
- ``demo_loaders``: a management command that ``veedel demo`` runs to load the app's examples.

A lower app that changes something a higher app depends on announces it through a ``Hook``
that the lower app defines and the higher app connects to (the offers directory reindexes its
search documents when an actor or a quarter is renamed). The service that makes the change
sends the hook, inside its transaction, so no caller has to remember the consequence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Contribution:
    """One part of a shared page.

    ``context(request, **kwargs)`` returns the template's context, or None when the part is not
    shown for this request (wrong role, nothing to show). It must not run a number of queries
    that grows with the data: the pages that show it are tested for flat query counts.
    """

    key: str
    order: int
    template: str
    context: Callable[..., dict | None]


class Contributions:
    """Parts of one shared page, in their order."""

    def __init__(self, name: str):
        self.name = name
        self._parts: dict[str, Contribution] = {}

    def add(self, *, key: str, order: int, template: str, context: Callable[..., dict | None]):
        """Add a part (again under the same key: replaced, so a reloaded app adds it once)."""
        self._parts[key] = Contribution(key=key, order=order, template=template, context=context)

    def __iter__(self):
        return iter(sorted(self._parts.values(), key=lambda part: (part.order, part.key)))

    def __len__(self):
        return len(self._parts)

    def render_list(self, request, **kwargs) -> list[dict[str, Any]]:
        """The parts shown for this request: ``{"key", "template", "context"}`` each."""
        shown = []
        for part in self:
            context = part.context(request, **kwargs)
            if context is not None:
                shown.append(
                    {
                        "key": part.key,
                        "order": part.order,
                        "template": part.template,
                        "context": context,
                    }
                )
        return shown

    def render_per_object(self, request, objects: list) -> dict[int, list[dict[str, Any]]]:
        """For parts that speak of each of several objects: ``context(request, objects=…)``
        returns ``{object pk: template context}`` (one query for all objects, not one per
        object); the result lists the parts shown for each object, in order."""
        shown: dict[int, list[dict[str, Any]]] = {obj.pk: [] for obj in objects}
        for part in self:
            by_pk = part.context(request, objects=objects) or {}
            for pk, context in by_pk.items():
                if pk in shown and context is not None:
                    shown[pk].append(
                        {"key": part.key, "template": part.template, "context": context}
                    )
        return shown


dashboard_panels = Contributions("dashboard panels")
home_sections = Contributions("home-page sections")
office_facts = Contributions("facts on the office cards of the dashboard")


@dataclass(frozen=True)
class DemoLoader:
    """A management command that loads an app's example data; ``veedel demo`` runs them in
    ``order`` and prints the last line each one writes, or, for a ``closing`` loader (the demo
    logins), all it writes at the very end, after the address."""

    command: str
    order: int
    closing: bool = False


_demo_loaders: dict[str, DemoLoader] = {}


def demo_loader_add(*, command: str, order: int, closing: bool = False) -> None:
    _demo_loaders[command] = DemoLoader(command=command, order=order, closing=closing)


def demo_loaders() -> list[DemoLoader]:
    return sorted(_demo_loaders.values(), key=lambda loader: (loader.order, loader.command))


@dataclass
class Hook:
    """A change that other apps must follow, announced by the service that makes it.

    The app where the change happens defines the hook (``actor_changed = Hook(...)``) and its
    services ``send`` it inside their transaction; a higher app ``connect``s a receiver in its
    ``AppConfig.ready``. A receiver that fails makes the change fail: it runs in the same
    transaction, so the change and its consequences land together or not at all.
    """

    name: str
    doc: str = ""
    _receivers: dict[str, Callable[..., None]] = field(default_factory=dict, repr=False)

    def connect(self, receiver: Callable[..., None], *, key: str | None = None) -> None:
        self._receivers[key or f"{receiver.__module__}.{receiver.__qualname__}"] = receiver

    def disconnect(self, *, key: str) -> None:
        """Remove the receiver connected under ``key`` (tests that listen for a while)."""
        self._receivers.pop(key, None)

    def send(self, **kwargs) -> None:
        for receiver in list(self._receivers.values()):
            receiver(**kwargs)

    @property
    def receivers(self) -> list[Callable[..., None]]:
        return list(self._receivers.values())
