"""Who may do what with guide (docs/roles.md)."""

import rules  # noqa: F401
