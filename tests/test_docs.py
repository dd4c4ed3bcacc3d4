"""What a user can set or run is documented in README.md, in the manner of datasette's
tests/test_docs.py: every setting as its LEGALQA_ environment variable, every CLI subcommand
as a code span starting with it (`serve …`, `legalqa serve`)."""

import argparse
import re

import pytest

from conftest import PROJECT_ROOT
from legalqa.cli import build_parser
from legalqa.settings import Settings

README = (PROJECT_ROOT / "README.md").read_text("utf-8")


def subcommands() -> list[str]:
    parser = build_parser()
    return sorted(next(action.choices for action in parser._actions
                       if isinstance(action, argparse._SubParsersAction)))


def test_there_are_settings_and_commands_to_check():
    assert "serve" in subcommands() and "port" in Settings.model_fields


@pytest.mark.parametrize("field", sorted(Settings.model_fields))
def test_every_setting_is_documented(field):
    assert f"`LEGALQA_{field.upper()}" in README


@pytest.mark.parametrize("command", subcommands())
def test_every_cli_command_is_documented(command):
    assert re.search(rf"`(legalqa )?{re.escape(command)}[ `]", README)
