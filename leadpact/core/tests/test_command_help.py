"""Every leadpact command's `--help`, and each of its actions', says what it does, not only
its usage: an operator reads it before an action that cannot be undone."""

import argparse

import pytest
from django.core.management import get_commands, load_command_class

LEADPACT_COMMANDS = sorted(
    name for name, app in get_commands().items() if app.startswith("leadpact.")
)


def _actions(name: str) -> dict[str, argparse.ArgumentParser]:
    parser = load_command_class(get_commands()[name], name).create_parser("leadpact", name)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


@pytest.mark.parametrize("name", LEADPACT_COMMANDS)
def test_every_action_has_a_description(name: str) -> None:
    undescribed = [action for action, sub in _actions(name).items() if not sub.description]

    assert undescribed == []


def test_erase_says_it_cannot_be_undone() -> None:
    assert "cannot be undone" in (_actions("privacy")["erase"].description or "")


@pytest.mark.parametrize(("name", "option"), [("report", "--format"), ("report", "--lang")])
def test_options_explain_themselves(name: str, option: str) -> None:
    parser = load_command_class(get_commands()[name], name).create_parser("leadpact", name)

    assert all(a.help for a in parser._actions if option in a.option_strings)
