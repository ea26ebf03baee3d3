"""The `/circle` text grammar, example by example and fuzzed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.errors import InvalidInput
from handlers.commands import circle_syntax as syntax


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("", syntax.Browse()),
        ("  LIST ", syntax.Browse()),
        ("help", syntax.Help()),
        ("create", syntax.OpenCreateModal()),
        ("create Rust Learners", syntax.Create("Rust Learners", None, "")),
        ('create "Rust Learners" weekly talks', syntax.Create("Rust Learners", None, "weekly talks")),
        ("create Rust: weekly talks", syntax.Create("Rust", None, "weekly talks")),
        ("create Rust \u2014 weekly talks", syntax.Create("Rust", None, "weekly talks")),
        ("create Rust Learners <#C0123|rust> weekly", syntax.Create("Rust Learners", "C0123", "weekly")),
        ("create Rust <#C0123|>", syntax.Create("Rust", "C0123", "")),
        (
            "create \u201cBook Club\u201d <#G0456|books> monthly",
            syntax.Create("Book Club", "G0456", "monthly"),
        ),
        ("join rust learners", syntax.Join("rust learners")),
        ('leave "Rust"', syntax.Leave("Rust")),
        ("INFO Rust", syntax.Info("Rust")),
    ],
)
def test_examples(text: str, parsed: syntax.CircleCommand) -> None:
    assert syntax.parse(text) == parsed


@given(st.text(max_size=200))
def test_any_text_parses_or_explains(text: str) -> None:
    problem = ""
    try:
        syntax.parse(text)
    except InvalidInput as error:
        problem = str(error) or "an empty message"
    assert problem != "an empty message"  # anything else raised fails the test by itself


@given(st.sampled_from(["join", "leave", "info", "create"]), st.text(min_size=1, max_size=80))
def test_subcommands_with_any_argument(sub: str, rest: str) -> None:
    try:
        parsed = syntax.parse(f"{sub} {rest}")
    except InvalidInput:
        return
    assert not isinstance(parsed, syntax.Browse | syntax.Help)
