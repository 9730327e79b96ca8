import rules

from veedel.core.predicates import add_model_perms, is_admin, is_logged_in, is_programme_office

rules.add_perm("accounts.view_dashboard", is_logged_in)
# Users, their roles and bindings are the administrators' business. The programme office may
# look up coordinators (read-only, in the admin) to bind them to an office; the admin's user
# list shows it nobody else (accounts.admin.UserAdmin.get_queryset).
add_model_perms("accounts", ["user"], is_admin)
rules.set_perm("accounts", is_admin | is_programme_office)
rules.set_perm("accounts.view_user", is_admin | is_programme_office)
