"""Who may do what with agreements (docs/roles.md)."""

import rules  # noqa: F401
