"""Projects, stretch assignments and shadowing days through the real app and the Slack double:
proposing to a circle (members only), volunteering, the proposer choosing people (each gets a goal
linked to the project, with its milestones, that shows in check-ins and the digest), completion
celebrated once, a mentorship pair's plan from `/mentor me`, and data rights."""

from __future__ import annotations

import json
from typing import Any

from bot.clock import FixedClock
from bot.db.models import Goal, Member, Project, ProjectVolunteer
from bot.services import projects
from bot.views.projects import CHOOSE_ID, PROPOSE_ID, Field, ProjectAction
from tests.harness import Harness, texts
from tests.test_catch_up import published
from tests.test_digest import FRIDAY_DIGEST, digests_in
from tests.test_digest import at as digest_at


def newest_view(bot: Harness, callback_id: str) -> dict[str, Any]:
    return next(v for v in reversed(bot.double.workspace.views.values()) if v["callback_id"] == callback_id)


async def rust(bot: Harness) -> str:
    await bot.slack.command("UALICE", "/circle", "create Rust")
    for user in ("UBOB", "UCAROL"):
        await bot.slack.command(user, "/circle", "join rust")
    circle = await bot.circle("Rust")
    assert circle is not None
    return circle.channel_id


def post_of(bot: Harness, channel: str) -> Any:
    return next(m for m in reversed(bot.double.workspace.posts_in(channel)) if m.text.startswith("Project:"))


async def click(bot: Harness, user: str, channel: str, action: ProjectAction) -> Any:
    post = post_of(bot, channel)
    return await bot.slack.click_button_in(user, post.blocks, action, message={"ts": post.ts}, channel_id=channel)


async def test_two_chosen_volunteers_get_linked_goals_and_completion_is_celebrated_once(
    timed_bot: Harness, clock: FixedClock
) -> None:
    bot = timed_bot
    channel = await rust(bot)
    views_before = len(bot.double.workspace.views)
    outsider = await bot.slack.command("UGUEST", "/circle", "project Rust")
    assert "Only *Rust*'s members" in texts(outsider.last_reply())
    assert len(bot.double.workspace.views) == views_before  # refused before any form opened

    await bot.slack.command("UBOB", "/circle", "project rust")
    empty = await bot.slack.submit_view("UBOB", newest_view(bot, PROPOSE_ID)["id"], {Field.TITLE: " "})
    assert Field.TITLE in empty.json()["errors"]
    proposed = await bot.slack.submit_view(
        "UBOB",
        newest_view(bot, PROPOSE_ID)["id"],
        {Field.TITLE: "Expense CLI in Rust", Field.SKILLS: "Rust, testing", Field.MILESTONES: "Design\n- Build\nDemo"},
    )
    assert not proposed.response.content
    assert "Volunteers: nobody yet" in texts({"blocks": post_of(bot, channel).blocks})

    for user in ("UALICE", "UCAROL"):
        said = await click(bot, user, channel, ProjectAction.VOLUNTEER)
        assert "You volunteered" in texts(said.last_reply())
    assert "Volunteers: <@UALICE>, <@UCAROL>" in texts({"blocks": post_of(bot, channel).blocks})
    refused = await click(bot, "UCAROL", channel, ProjectAction.CHOOSE)
    assert "Only <@UBOB>, who proposed" in texts(refused.last_reply())

    await click(bot, "UBOB", channel, ProjectAction.CHOOSE)
    chooser = newest_view(bot, CHOOSE_ID)
    none = await bot.slack.submit_view("UBOB", chooser["id"], {Field.PEOPLE: []})
    assert Field.PEOPLE in none.json()["errors"]
    await bot.slack.submit_view("UBOB", chooser["id"], {Field.PEOPLE: ["UALICE", "UCAROL"]})
    [project] = await bot.rows(Project)
    linked = await bot.rows(Goal, Goal.project_id == project.id)
    assert len(linked) == 2 and {g.milestones for g in linked} == {"Design\nBuild\nDemo"}
    assert all(g.title == "Project: Expense CLI in Rust" and g.visibility == "circle" for g in linked)
    [told] = [m for m in bot.dms("UCAROL") if "You're on *Expense CLI in Rust*" in m.text]
    number = int(told.text.split("goal #")[1].split()[0])
    assert "Under way with <@UALICE>, <@UCAROL>" in texts({"blocks": post_of(bot, channel).blocks})

    # Progress shows in the digest of the circle.
    await bot.digests_tick()  # the circle gets its first digest time: Friday 16:00
    await bot.slack.command("UCAROL", "/goal", f"update {number} 50% built the parser")
    await digest_at(bot, clock, FRIDAY_DIGEST)
    [digest] = digests_in(bot, channel)
    shown = texts({"blocks": digest.blocks})
    assert "Projects under way" in shown and "Expense CLI in Rust: <@UALICE>, <@UCAROL> · 25%" in shown
    forms_before = len(bot.double.workspace.views)
    await bot.slack.click_button_in("UALICE", digest.blocks, ProjectAction.PROPOSE, message={"ts": digest.ts})
    assert len(bot.double.workspace.views) == forms_before + 1  # the digest's button opens the same form
    assert "For *Rust*" in texts(newest_view(bot, PROPOSE_ID))
    # ... and each chosen person's check-in asks about it.
    await bot.slack.command("UCAROL", "/checkin")
    assert "Project: Expense CLI in Rust" in texts(newest_view(bot, "checkin_modal"))

    def celebrations() -> list[Any]:
        return [m for m in bot.double.workspace.posts_in(channel) if "is complete!" in m.text]

    [alice] = await bot.rows(Member, Member.user_id == "UALICE")
    alice_goal = next(g for g in linked if g.member_id == alice.id)
    await bot.slack.command("UALICE", "/goal", f"done {alice_goal.number}")
    assert celebrations() == []  # Carol's part is still open
    await bot.slack.command("UCAROL", "/goal", f"done {number}")
    assert len(celebrations()) == 1 and "<@UALICE>, <@UCAROL>" in celebrations()[0].text
    async with bot.deps.db.session() as session:  # running the completion again celebrates nothing
        assert await projects.goal_done(session, linked[0].id, clock.now()) is None


async def test_a_mentorship_pair_plans_a_stretch_assignment_from_mentor_me(
    timed_bot: Harness, clock: FixedClock
) -> None:
    bot = timed_bot
    await published(bot, clock)  # Alice mentors Bob
    shown = await bot.slack.command("UALICE", "/mentor", "me")
    await bot.slack.click_button_in("UALICE", shown.last_reply()["blocks"], ProjectAction.PLAN)
    form = newest_view(bot, PROPOSE_ID)
    kinds = [
        o["value"] for o in next(b for b in form["blocks"] if b.get("block_id") == Field.KIND)["element"]["options"]
    ]
    assert kinds == ["stretch", "shadowing"]
    await bot.slack.submit_view("UALICE", form["id"], {Field.TITLE: "Run the Q3 planning meeting"})
    [goal] = await bot.rows(Goal, Goal.project_id.is_not(None))
    assert goal.title == "Stretch assignment: Run the Q3 planning meeting" and goal.visibility == "mentor"
    for user in ("UALICE", "UBOB"):
        assert any("Run the Q3 planning meeting" in m.text and "has started" in m.text for m in bot.dms(user))
    mentor_view = texts((await bot.slack.command("UALICE", "/mentor", "me")).last_reply())
    assert "Run the Q3 planning meeting" in mentor_view  # shared with the mentor like any mentor goal
    await bot.slack.command("UBOB", "/goal", f"done {goal.number}")
    for user in ("UALICE", "UBOB"):
        assert len([m for m in bot.dms(user) if "is complete!" in m.text]) == 1
    refused = await bot.slack.click_button_in("UCAROL", shown.last_reply()["blocks"], ProjectAction.PLAN)
    assert "Only the two people of that mentorship pair" in texts(refused.last_reply())


async def test_projects_are_in_export_and_volunteering_goes_with_delete(timed_bot: Harness) -> None:
    bot = timed_bot
    channel = await rust(bot)
    await bot.slack.command("UBOB", "/circle", "project Rust")
    await bot.slack.submit_view("UBOB", newest_view(bot, PROPOSE_ID)["id"], {Field.TITLE: "Shadow the SRE on call"})
    await click(bot, "UCAROL", channel, ProjectAction.VOLUNTEER)
    await bot.slack.command("UCAROL", "/circles", "export-my-data")
    [upload] = [m for m in bot.dms("UCAROL") if m.files]
    data = json.loads(bot.double.workspace.files[upload.files[0]]["content"])
    assert data["projects"] == [
        {"project": "Shadow the SRE on call", "kind": "project", "role": "volunteer", "at": data["projects"][0]["at"]}
    ]
    await bot.slack.command("UCAROL", "/circles", "delete-my-data")
    confirm = newest_view(bot, "delete_my_data_modal")
    await bot.slack.submit_view("UCAROL", confirm["id"], {})
    assert await bot.rows(ProjectVolunteer) == []
    [project] = await bot.rows(Project)
    assert project.title == "Shadow the SRE on call"  # Bob's proposal stays
