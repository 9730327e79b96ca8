"""Changes of the network app that higher apps follow (see ``veedel.core.contributions.Hook``).

Sent by the services of ``veedel.network.services`` (and by the admin through them) inside
their transaction.
"""

from veedel.core.contributions import Hook

actors_changed = Hook(
    "actors_changed",
    doc="Actors were created, renamed, moved, made internal or public, or deleted. "
    "Keyword argument: actor_ids (a list of primary keys).",
)
