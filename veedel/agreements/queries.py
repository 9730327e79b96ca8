"""Read-only questions about agreements for other pages (the dashboard)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, Q

from veedel.agreements.models import Amendment, TargetAgreement
from veedel.agreements.workflow import AGREEMENT, AMENDMENT


def agreements_awaiting(user) -> list[tuple[TargetAgreement, str]]:
    """The agreements on which ``user`` has the next step, with what that step is, as the
    workflow tables say (``Workflow.todo``): for the office's coordinators drafts, changes
    asked for and missing office signatures; for the programme office proposals to decide,
    missing city signatures and assessments to close; for both, amendments to sign. Two
    queries; none for users who are no party to any agreement."""
    if not user.has_perm("agreements.sign_targetagreement"):
        return []
    pending = Amendment.objects.filter(state__in=AMENDMENT["sign"].from_states)
    agreements = (
        TargetAgreement.objects.visible_to(user)
        .filter(
            Q(state__in=AGREEMENT.todo_states())
            | Q(Exists(pending.filter(agreement=OuterRef("pk"))))
        )
        .select_related("office")
        .prefetch_related(Prefetch("amendments", queryset=pending, to_attr="pending"))
        .order_by("-year", "office__name")
    )
    result = []
    for agreement in agreements:
        agreement.has_pending_amendment = bool(agreement.pending)
        todo = None
        for amendment in agreement.pending:
            amendment.agreement = agreement
            todo = todo or AMENDMENT.todo(user, amendment)
        todo = todo or AGREEMENT.todo(user, agreement)
        if todo:
            result.append((agreement, todo))
    return result
