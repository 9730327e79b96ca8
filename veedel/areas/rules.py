from veedel.core.predicates import add_model_perms, manages_programme

# Areas, outlines and the city's published figures are public pages; editing them (in the
# admin) belongs to the programme office and the administrators.
add_model_perms(
    "areas",
    [
        "district",
        "quarter",
        "neighbourhood",
        "socialspace",
        "socialspacequarter",
        "structurefigures",
    ],
    manages_programme,
)
