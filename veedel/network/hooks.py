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

actors_deleting = Hook(
    "actors_deleting",
    doc="Actors are about to be deleted (sent by ``actor_delete`` inside its transaction, "
    "before the rows and what cascades from them go): receivers let go of what depends on "
    "them. Keyword argument: actor_ids (a list of primary keys).",
)
