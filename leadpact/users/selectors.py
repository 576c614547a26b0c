from leadpact.users.models import Team, User


def team_escalation_recipients(*, team: Team | None) -> list[User]:
    """Who hears about a team's breaches and its waiting queue: the team's active manager, or,
    for a team without one, every active administrator — an escalation never goes to nobody."""
    if team is not None and team.manager is not None and team.manager.is_active:
        return [team.manager]
    return list(User.objects.filter(role=User.Role.ADMIN, is_active=True).order_by("pk"))
