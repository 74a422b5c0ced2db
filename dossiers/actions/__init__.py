"""Every change of a dossier's state. Each function locks the dossier, checks the rule, changes
it and writes exactly one event, in one transaction; side effects (notifications) are queued
to run after commit. A refused attempt at an unlawful act (a second supplement request, a
document outside the legal list, a document the state already holds) is itself recorded as an
event for inspectors, then refused.

Split by concern: intake, reception, declaration, processing, closing, deadlines;
``common``, ``steps``, ``uploads`` and ``clock`` hold what they share.
"""

from __future__ import annotations

from dossiers.actions.closing import (
    paper_scan_required,
    request_withdrawal,
    return_result,
    stop_dossier,
)
from dossiers.actions.common import ComponentState
from dossiers.actions.deadlines import issue_apology, mark_deadline, scan_deadlines
from dossiers.actions.declaration import correct_declaration
from dossiers.actions.intake import submit_dossier
from dossiers.actions.processing import (
    answer_consultation,
    approve,
    assign,
    consult,
    forward,
    reject,
    send_back,
    sign,
)
from dossiers.actions.reception import (
    accept_dossier,
    digitize_component,
    mark_not_digitizable,
    provide_supplement,
    refuse_dossier,
    request_supplement,
)
from dossiers.actions.uploads import DIGITIZED_AT_DESK, FROM_STORE, SCAN_TYPES
from dossiers.errors import Conflict, DossierError, IllegalTransition, NotPermitted, RuleViolation

__all__ = [
    "DIGITIZED_AT_DESK",
    "FROM_STORE",
    "SCAN_TYPES",
    "ComponentState",
    "Conflict",
    "DossierError",
    "IllegalTransition",
    "NotPermitted",
    "RuleViolation",
    "accept_dossier",
    "answer_consultation",
    "approve",
    "assign",
    "consult",
    "correct_declaration",
    "digitize_component",
    "forward",
    "issue_apology",
    "mark_deadline",
    "mark_not_digitizable",
    "paper_scan_required",
    "provide_supplement",
    "refuse_dossier",
    "reject",
    "request_supplement",
    "request_withdrawal",
    "return_result",
    "scan_deadlines",
    "send_back",
    "sign",
    "stop_dossier",
    "submit_dossier",
]
