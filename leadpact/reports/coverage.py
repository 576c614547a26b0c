"""Marketing's KPI on target accounts (article, part 2): each touched by at least N different
actions in the period, and the buying committee's roles (personas) reached at each.

Target accounts are the accounts flagged as targets now (the flag has no history). The window
is the report's period, whatever the goal's own `per`; both `per`s are printed beside it.
"""

from django.db.models import Count, Q

from leadpact.accounts.models import Account
from leadpact.reports.context import ReportContext
from leadpact.reports.numbers import between, share
from leadpact.touches.models import Touch


def coverage_figures(*, ctx: ReportContext) -> dict[str, object]:
    """Campaign (or touch type) coverage and persona coverage in one pass over the period's
    touches of target accounts, grouped by account."""
    goals = ctx.governing.goals
    goal, persona_goal = goals.coverage, goals.persona_coverage
    minimum = goal.min_distinct_actions if goal else 1
    counted_as = goal.count if goal else "distinct_campaigns"
    required = (
        list(persona_goal.personas) if persona_goal else [p.id for p in ctx.governing.personas]
    )
    targets = Account.objects.filter(is_target=True).count()
    if counted_as == "distinct_campaigns":
        # A touch without a campaign is not an identifiable action.
        actions = Count("campaign", distinct=True, filter=~Q(campaign=""))
    else:
        actions = Count("type", distinct=True)
    persona = "lead__persona"
    per_account = (
        Touch.objects.filter(
            between("occurred_at", ctx.period.start, ctx.period.end), account__is_target=True
        )
        .order_by()
        .values("account_id")
        .annotate(
            actions=actions,
            personas=Count(persona, distinct=True, filter=Q(lead__persona__in=required)),
            # Only "at least one" is asked of each persona: a plain count, no sort per account.
            **{
                f"persona_{index}": Count(persona, filter=Q(lead__persona=name))
                for index, name in enumerate(required)
            },
        )
    )
    found = per_account.aggregate(
        touched=Count("account_id"),
        covered=Count("account_id", filter=Q(actions__gte=minimum)),
        every=Count("account_id", filter=Q(personas__gte=len(required))),
        **{
            f"reached_{index}": Count("account_id", filter=Q(**{f"persona_{index}__gte": 1}))
            for index in range(len(required))
        },
    )
    touched, covered, every = (found[key] or 0 for key in ("touched", "covered", "every"))
    reached = [found[f"reached_{index}"] or 0 for index in range(len(required))]
    return {
        "target_accounts": targets,
        "min_distinct_actions": goal.min_distinct_actions if goal else None,
        "counted_as": counted_as,
        "goal_per": goal.per if goal else None,
        "touched": touched,
        "touched_share": share(touched, targets),
        "covered": covered if goal else None,
        "covered_share": share(covered, targets) if goal else None,
        "personas": {
            "required": required,
            "goal_per": persona_goal.per if persona_goal else None,
            "per_persona": {
                name: {"accounts": count, "share": share(count, targets)}
                for name, count in zip(required, reached, strict=True)
            },
            "all": every,
            "all_share": share(every, targets),
        },
    }
