"""Who may do what with reports (docs/roles.md)."""

import rules  # noqa: F401
