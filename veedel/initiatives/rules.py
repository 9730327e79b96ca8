"""Who may do what with initiatives (docs/roles.md)."""

import rules  # noqa: F401
