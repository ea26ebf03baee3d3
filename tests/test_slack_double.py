"""The double's own checks must catch what Slack would refuse; otherwise the suite proves nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack_double import SlackDouble, SlackSpec
from tests.harness import TOKEN


@pytest.fixture
async def checked(slack_spec: SlackSpec):  # type: ignore[no-untyped-def]
    double = SlackDouble(spec=slack_spec, token=TOKEN, scopes={"chat:write", "users:read"})
    channel = double.workspace.add_channel("general", members={double.workspace.bot_user_id})
    await double.start()
    client = AsyncWebClient(token=TOKEN, base_url=double.api_url)
    yield double, client, channel.id
    await double.stop()


async def expect_refusal(call, error: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SlackApiError) as refused:
        await call
    assert refused.value.response["error"] == error


async def test_missing_required_argument(checked) -> None:  # type: ignore[no-untyped-def]
    double, client, _ = checked
    await expect_refusal(client.api_call("chat.postMessage", json={"text": "hi"}), "invalid_arguments")
    assert any("`channel` is missing" in v for v in double.violations)


async def test_one_of_group(checked) -> None:  # type: ignore[no-untyped-def]
    double, client, channel = checked
    await expect_refusal(client.api_call("chat.postMessage", json={"channel": channel}), "invalid_arguments")
    assert any("one of text, blocks, attachments" in v for v in double.violations)


async def test_json_body_to_a_form_only_method(checked) -> None:  # type: ignore[no-untyped-def]
    double, client, _ = checked
    await expect_refusal(client.api_call("users.info", json={"user": "U1"}), "invalid_arguments")
    assert any("form fields only" in v for v in double.violations)


async def test_unknown_method(checked) -> None:  # type: ignore[no-untyped-def]
    double, client, _ = checked
    await expect_refusal(client.api_call("chat.postMesage", json={"channel": "C1"}), "invalid_arguments")
    assert any("no such Web API method" in v for v in double.violations)


async def test_invalid_blocks_too_many_blocks_and_duplicate_ids(checked) -> None:  # type: ignore[no-untyped-def]
    double, client, channel = checked
    await expect_refusal(
        client.chat_postMessage(channel=channel, text="x", blocks=[{"type": "sektion"}]), "invalid_arguments"
    )
    section = {"type": "section", "text": {"type": "mrkdwn", "text": "hi"}}
    await expect_refusal(client.chat_postMessage(channel=channel, text="x", blocks=[section] * 51), "invalid_arguments")
    twice = [{**section, "block_id": "a"}, {**section, "block_id": "a"}]
    await expect_refusal(client.chat_postMessage(channel=channel, text="x", blocks=twice), "invalid_arguments")
    joined = "\n".join(double.violations)
    assert "51 blocks" in joined and "'a' is used twice" in joined


async def test_invalid_modal(checked) -> None:  # type: ignore[no-untyped-def]
    double, client, _ = checked
    view = {"type": "modal", "title": {"type": "plain_text", "text": "x" * 30}, "blocks": []}
    await expect_refusal(client.views_open(trigger_id=double.new_trigger_id(), view=view), "invalid_arguments")
    assert any(v.startswith("views.open: view:") for v in double.violations)


async def test_missing_scope(checked) -> None:  # type: ignore[no-untyped-def]
    double, client, channel = checked
    await expect_refusal(client.conversations_join(channel=channel), "missing_scope")
    assert any("channels:join" in v for v in double.violations)


async def test_valid_calls_pass(checked) -> None:  # type: ignore[no-untyped-def]
    double, client, channel = checked
    posted = await client.chat_postMessage(
        channel=channel, text="hi", blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": "hi"}}]
    )
    assert posted["ok"] and double.workspace.messages_in(channel)[0].text == "hi"
    users = await client.users_list(limit=10)
    assert users["members"][0]["id"] == double.workspace.bot_user_id
    assert double.violations == []


async def test_bad_token(checked) -> None:  # type: ignore[no-untyped-def]
    double, _, _ = checked
    intruder = AsyncWebClient(token="xoxb-someone-else", base_url=double.api_url)
    await expect_refusal(intruder.auth_test(), "invalid_auth")


async def test_trigger_ids_are_single_use(checked) -> None:  # type: ignore[no-untyped-def]
    double, client, _ = checked
    section = {"type": "section", "text": {"type": "mrkdwn", "text": "hi"}}
    view = {"type": "modal", "title": {"type": "plain_text", "text": "Hi"}, "blocks": [section]}
    trigger = double.new_trigger_id()
    assert (await client.views_open(trigger_id=trigger, view=view))["ok"]
    await expect_refusal(client.views_open(trigger_id=trigger, view=view), "invalid_trigger_id")


@pytest.fixture
async def plain() -> AsyncIterator[tuple[SlackDouble, AsyncWebClient, str]]:
    """The double without spec checks, to look at the behaviour the outbox and OAuth rely on."""
    double = SlackDouble(token=TOKEN)
    channel = double.workspace.add_channel("general", members={double.workspace.bot_user_id})
    await double.start()
    yield double, AsyncWebClient(token=TOKEN, base_url=double.api_url, retry_handlers=[]), channel.id
    await double.stop()


async def test_history_shows_metadata_only_when_asked_and_honours_oldest(plain) -> None:  # type: ignore[no-untyped-def]
    _, client, channel = plain
    marked = {"event_type": "circles_outbox", "event_payload": {"outbox": "T:1"}}
    first = await client.chat_postMessage(channel=channel, text="one", metadata=marked)
    await client.chat_postMessage(channel=channel, text="two", thread_ts=first["ts"])  # a reply, not top level
    bare = await client.conversations_history(channel=channel)
    assert [m["text"] for m in bare["messages"]] == ["one"] and "metadata" not in bare["messages"][0]
    full = await client.conversations_history(channel=channel, include_all_metadata=True)
    assert full["messages"][0]["metadata"] == marked and full["messages"][0]["bot_id"]
    later = await client.conversations_history(channel=channel, oldest=first["ts"])
    assert later["messages"] == []  # `oldest` is exclusive, as in Slack
    thread = await client.conversations_replies(channel=channel, ts=first["ts"])
    assert [m["text"] for m in thread["messages"]] == ["two", "one"]  # newest first


async def test_an_enforced_limit_answers_429_with_retry_after(plain) -> None:  # type: ignore[no-untyped-def]
    double, client, channel = plain
    double.limit("chat.postMessage", per_second=1, burst=2)
    await client.chat_postMessage(channel=channel, text="a")
    await client.chat_postMessage(channel=channel, text="b")
    with pytest.raises(SlackApiError) as limited:
        await client.chat_postMessage(channel=channel, text="c")
    assert limited.value.response.status_code == 429 and limited.value.response.headers["Retry-After"] == "1"
    assert [m.text for m in double.workspace.messages] == ["a", "b"]  # refused before taking effect


async def test_oauth_codes_work_once_for_the_right_client(plain) -> None:  # type: ignore[no-untyped-def]
    double, client, _ = plain
    double.install_app("111.222", "secret")
    code = double.authorize(double.workspace, "UALICE")
    await expect_refusal(
        client.oauth_v2_access(client_id="111.222", client_secret="wrong", code=code), "bad_client_secret"
    )
    issued = await client.oauth_v2_access(client_id="111.222", client_secret="secret", code=code)
    assert issued["team"]["id"] == double.workspace.team_id and issued["access_token"].startswith("xoxb-")
    await expect_refusal(client.oauth_v2_access(client_id="111.222", client_secret="secret", code=code), "invalid_code")
    acting = AsyncWebClient(token=issued["access_token"], base_url=double.api_url)
    assert (await acting.auth_test())["team_id"] == double.workspace.team_id
    double.revoke(issued["access_token"])
    await expect_refusal(acting.auth_test(), "invalid_auth")
