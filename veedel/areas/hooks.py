"""Changes of the area data that higher apps follow (see ``veedel.core.contributions.Hook``).

Sent by whatever changes names or outlines of areas (the area services, the admin through them,
the data loader) inside its transaction.
"""

from veedel.core.contributions import Hook

areas_changed = Hook(
    "areas_changed",
    doc="Names or outlines of areas changed. Keyword arguments (lists of primary keys, each "
    "possibly empty): district_ids, quarter_ids, neighbourhood_ids, social_space_ids.",
)
