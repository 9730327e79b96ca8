"""Who may do what with council (docs/roles.md)."""

import rules  # noqa: F401
