import rules

from veedel.core.predicates import (
    add_model_perms,
    is_lead_of_office_provider,
    is_lead_of_provider,
    is_staff_of_office,
    manages_programme,
)

# Offices, their areas, providers and contact addresses are public; the people working in an
# office are visible to their colleagues, to the provider that runs it and to the programme office.
rules.add_perm(
    "programme.view_staff_of_coordinationoffice",
    is_staff_of_office | is_lead_of_office_provider | manages_programme,
)
rules.add_perm("programme.view_offices_of_provider", is_lead_of_provider | manages_programme)

# Editing (in the admin) belongs to the programme office and the administrators.
add_model_perms(
    "programme",
    [
        "programme",
        "programmeperiod",
        "councildecision",
        "goal",
        "topic",
        "provider",
        "coordinationoffice",
        "officestaff",
    ],
    manages_programme,
)
