"""Read-only questions about agreements for other pages (the dashboard)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from veedel.agreements.models import AgreementState, Amendment, AmendmentState, TargetAgreement
from veedel.core.predicates import is_coordinator, manages_programme, office_ids_of

S = AgreementState


def agreements_awaiting(user) -> list[tuple[TargetAgreement, str]]:
    """The agreements on which ``user`` has the next step, with what that step is: for the
    office's coordinators drafts, changes asked for and missing office signatures; for the
    programme office proposals to decide, missing city signatures and assessments to close.
    Two queries."""
    if manages_programme(user):
        side, states = "city", Q(state__in=[S.PROPOSED, S.AGREED, S.ASSESSED])
        agreements = TargetAgreement.objects.all()
    elif is_coordinator(user):
        side, states = "office", Q(state__in=[S.DRAFT, S.CHANGES_REQUESTED, S.AGREED])
        agreements = TargetAgreement.objects.filter(office_id__in=office_ids_of(user))
    else:
        return []
    unsigned_amendment = Amendment.objects.filter(
        agreement=OuterRef("pk"), state=AmendmentState.DRAFT, **{f"{side}_signed_at": None}
    )
    agreements = (
        agreements.annotate(amendment_to_sign=Exists(unsigned_amendment))
        .filter(states | Q(amendment_to_sign=True))
        .select_related("office")
        .order_by("-year", "office__name")
    )
    result = []
    for agreement in agreements:
        if agreement.amendment_to_sign:
            todo = _("sign the amendment")
        elif agreement.state == S.AGREED:
            if getattr(agreement, f"{side}_signed_at"):
                continue
            todo = _("sign")
        elif agreement.state == S.PROPOSED:
            todo = _("agree or ask for changes")
        elif agreement.state == S.ASSESSED:
            todo = _("close")
        elif agreement.state == S.CHANGES_REQUESTED:
            todo = _("make the changes asked for")
        else:
            todo = _("complete and propose")
        result.append((agreement, todo))
    return result
