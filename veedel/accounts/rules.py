import rules

from veedel.core.predicates import add_model_perms, is_admin, is_logged_in

rules.add_perm("accounts.view_dashboard", is_logged_in)
# Users, their roles and bindings are the administrators' business.
add_model_perms("accounts", ["user"], is_admin)
