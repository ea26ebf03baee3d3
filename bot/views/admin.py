"""Replies of `/circles`: the workspace settings and how to change them."""

from __future__ import annotations

import calendar

from slack_sdk.models.blocks import Block, HeaderBlock, MarkdownTextObject, SectionBlock

from bot.services.grace import Work
from bot.services.outbox import DeliveryHealth
from bot.services.team_settings import SettingsView
from bot.views.blocks import note, reply
from bot.views.message import Message, message
from bot.views.text import escape


def settings_reply(settings: SettingsView, changed: str | None = None) -> Message:
    values = ", ".join(escape(v) for v in settings.company_values) or "_none_"
    channel = f"<#{settings.kudos_channel_id}>" if settings.kudos_channel_id else "_none (kudos go by DM)_"
    reaction = f":{settings.kudos_reaction}:" if settings.kudos_reaction else "_off_"
    in_circle = "on" if settings.kudos_in_circle else "off"
    digest_only = "on" if settings.kudos_digest_only else "off"
    months = ", ".join(calendar.month_abbr[m] for m in settings.evaluation_months) or "_off_"
    leadership = f"<#{settings.leadership_channel_id}>" if settings.leadership_channel_id else "_off_"
    buddies = f"<#{settings.buddy_channel_id}>" if settings.buddy_channel_id else "_off_"
    lines = [
        f"*Company values:* {values} — `/circles values Curiosity, Ownership, Kindness`",
        f"*Kudos channel:* {channel} — `/circles kudos-channel #kudos`",
        f"*Kudos in the circle's channel when giver and receiver share one:* {in_circle}"
        " — `/circles kudos-in-circle on|off`",
        f"*Kudos per person per day:* {settings.kudos_daily_limit} — `/circles kudos-limit 5`",
        f"*Reaction that counts as kudos:* {reaction} — `/circles kudos-reaction :clap:` or `off`",
        f"*Kudos only in digests:* {digest_only} — `/circles kudos-digest-only on|off`",
        f"*Half-yearly evaluations in months:* {months} — `/circles evaluations 6, 12` or `off`",
        f"*Monthly summary (aggregates only) posted in:* {leadership} — `/circles leadership-channel #leads` or `off`",
        f"*Intro icebreakers you added:* {settings.icebreakers} (after 8 built-in) — `/circles icebreaker What …?` "
        "or `clear`",
        f"*New hires are welcomed:* {settings.onboarding_delay_hours} hours after joining — "
        "`/circles onboarding-delay 48`",
        f"*Buddy pool:* {buddies}, at most {settings.buddy_load} new hires each — `/circles buddies #buddies` or "
        "`off`, `/circles buddy-load 2`",
    ]
    blocks = [HeaderBlock(text="Circles settings"), SectionBlock(text=MarkdownTextObject(text="\n".join(lines)))]
    blocks.append(note("Workspace admins and owners (and the people in CIRCLES_ADMINS) can change these."))
    text = f"Saved `{changed}`." if changed else "Circles settings"
    if changed:
        blocks.insert(0, SectionBlock(text=MarkdownTextObject(text=f":white_check_mark: {text}")))
    return message(text, blocks)


STATUS_ORDER = ("sent", "pending", "sending", "failed", "skipped")


def deliveries_reply(health: DeliveryHealth) -> Message:
    """`/circles deliveries`: did the bot's messages arrive, and why not where they didn't."""
    counts = " · ".join(f"{status}: *{health.by_status.get(status, 0)}*" for status in STATUS_ORDER)
    lines = [f"*Last 7 days:* {counts}"]
    if health.oldest_pending is not None:
        lines.append(f"Waiting since <!date^{int(health.oldest_pending.timestamp())}^{{date_short}} {{time}}|a while>.")
    if health.missed:
        skipped = ", ".join(f"{count} {MISSED_LABELS.get(kind, kind)}" for kind, count in sorted(health.missed.items()))
        lines.append(
            f"*Skipped while Circles was down* (more than 6 hours late, so not sent late): {skipped}. "
            "A skipped digest's week is folded into the next one."
        )
    blocks: list[Block] = [
        HeaderBlock(text="Circles deliveries"),
        SectionBlock(text=MarkdownTextObject(text="\n".join(lines))),
    ]
    if health.failures:
        failed = "\n".join(
            f"• `{escape(f.error)}` — {escape(f.method)} to {_where(f.channel)}, "
            f"<!date^{int(f.created_at.timestamp())}^{{date_short}} {{time}}|{f.created_at:%Y-%m-%d}>"
            for f in health.failures
        )
        blocks.append(SectionBlock(text=MarkdownTextObject(text=f"*Latest failures*\n{failed}")))
        blocks.append(
            note(
                "`not_in_channel` / `channel_not_found` / `is_archived`: invite @Circles to the circle's channel "
                "or pick another with `/circle`. `account_inactive` / `user_not_found`: the person left; "
                "their prompts stop."
            )
        )
    else:
        blocks.append(note("No failed deliveries. Rate limits and Slack hiccups are retried on their own."))
    return message("Circles deliveries", blocks)


MISSED_LABELS: dict[str, str] = {
    Work.CHECKIN_PROMPT: "check-in prompts",
    Work.CHECKIN_REMINDER: "check-in reminders",
    Work.DIGEST: "digests",
    Work.LEADER_REQUEST: "leader requests",
    Work.ANNOUNCEMENT: "meeting announcements",
    Work.MEETING_REMINDER: "meeting reminders",
    Work.MENTOR_NUDGE: "mentorship nudges",
    Work.MENTOR_SURVEY: "mentorship surveys",
}


def _where(channel: str) -> str:
    return f"<@{channel}>" if channel.startswith(("U", "W")) else f"<#{channel}>"


def values_reply(values: list[str]) -> Message:
    if not values:
        return reply("No company values yet. An admin sets them with `/circles values Curiosity, Ownership, Kindness`.")
    return reply("Our values: " + ", ".join(f"*{escape(v)}*" for v in values) + ". Name one in kudos with `#Value`.")


def unknown(sub: str) -> Message:
    return reply(f"I don't know `/circles {escape(sub)}`. Try `/circles help`.")


def circles_help(settings: SettingsView) -> Message:
    """`/circles help`: everyone's privacy controls first, then what admins can change."""
    privacy = "\n".join(
        [
            "`/circles calendar` — your circles' meetings, 1:1s and events in Google Calendar, Outlook or Apple",
            "`/circles privacy` — what Circles stores about you, why, and who sees it",
            "`/circles export-my-data` — all of it as a JSON file, by DM",
            "`/circles delete-my-data` — erase it (after a confirmation)",
            "`/circles opt-out` / `/circles opt-in` — no DMs, prompts or leader requests until you opt back in",
            "`/circles skills` — rate the skills you want to grow (1-5, 30 seconds); only you see them",
            "`/circles badges [@someone]` — badges earned; `/circles badges quiet|public` — celebrate yours in "
            "channels or not; `/circles badge new|give` — (admins) define and give one",
            "`/circles admin` — (admins) program insights with a 12-week CSV",
            "`/circles admin outcomes` — (admins) the outcome report: skill growth, goals, engagement, retention",
            "`/circles welcome @…` — (admins) welcome people who joined before Circles (new joiners are welcomed "
            "by themselves)",
            "`/circles deliveries` — (admins) whether the bot's messages arrived, and Slack's reason where not",
        ]
    )
    events = "\n".join(
        [
            "`/circles events` — upcoming workshops, talks and AMAs for you, with Going / Maybe / Can't go",
            "`/circles event` — (admins, and organisers for their own circles) create one: time, place, host, "
            "guest speaker, who is invited, places (past them a waitlist), repeats",
            "`/circles intros #channel every 2 weeks groups of 2 on monday` — (admins; organisers in their circle's "
            "channel) small groups of colleagues meet each round; `/circles intros` shows how it goes, "
            "`/circles intros resume` brings you back after a pause",
        ]
    )
    help_blocks = [
        HeaderBlock(text="Events"),
        SectionBlock(text=MarkdownTextObject(text=events)),
        HeaderBlock(text="Your data"),
        SectionBlock(text=MarkdownTextObject(text=privacy)),
    ]
    settings_blocks = settings_reply(settings).get("blocks", [])
    return {"text": "How to use /circles", "blocks": [b.to_dict() for b in help_blocks] + settings_blocks}


def welcomed_reply(people: list[str], added: int) -> Message:
    if not people:
        return reply("Whom? `/circles welcome @someone @someone-else` (people who joined before Circles did).")
    again = len(people) - added
    extra = f" ({again} had been welcomed already)" if again else ""
    return reply(
        f":wave: {added} will get Circles' welcome after the onboarding delay{extra}: "
        + ", ".join(f"<@{p}>" for p in people)
    )
