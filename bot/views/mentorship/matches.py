"""The admin's preview of a cycle's proposed matches."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.services.mentorship import (
    Proposal,
)
from bot.views.blocks import note
from bot.views.mentorship.ids import PAIRS_SHOWN, MentorAction
from bot.views.message import Message, message
from bot.views.text import escape, truncate


def preview(proposal: Proposal) -> Message:
    program, result = proposal.program, proposal.result
    q, b = proposal.matched, proposal.baseline
    ratio = q.mean_score / b.mean_score if b.mean_score else 0
    blocks: list[Block] = [
        HeaderBlock(text=truncate(f"Proposed matches: {program.name}", 150)),
        SectionBlock(
            text=MarkdownTextObject(
                text=f"*{len(result.pairs)} pairs*, {len(result.unmatched)} unmatched"
                + (f", {proposal.without_profile} enrolled without a profile" if proposal.without_profile else "")
                + f"\n*Quality vs random pairing:* mean score {q.mean_score:.1f} vs {b.mean_score:.1f} "
                f"({ratio:.1f}x) · "
                f"cross-department {q.cross_department:.0%} vs {b.cross_department:.0%} · "
                f"skill coverage {q.skill_coverage:.0%} vs {b.skill_coverage:.0%}"
            )
        ),
    ]
    for pair in result.pairs[:PAIRS_SHOWN]:
        value = f"{program.id}:{pair.mentor.user_id}:{pair.mentee.user_id}"
        locked = "locked by an admin" in pair.reasons
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(
                    text=truncate(
                        f"<@{pair.mentor.user_id}> → <@{pair.mentee.user_id}> ({pair.score:.1f})\n"
                        + "; ".join(pair.reasons),
                        3000,
                    )
                ),
                accessory=ButtonElement(
                    text="Break" if locked else "Lock",
                    action_id=MentorAction.BREAK if locked else MentorAction.LOCK,
                    value=value,
                ),
            )
        )
    if len(result.pairs) > PAIRS_SHOWN:
        blocks.append(note(f"and {len(result.pairs) - PAIRS_SHOWN} more pairs (`circles program match` lists all)"))
    if result.unmatched:
        lines = [f"• <@{person.user_id}>: {escape(why)}" for person, why in result.unmatched[:10]]
        if len(result.unmatched) > 10:
            lines.append(f"and {len(result.unmatched) - 10} more")
        blocks.append(
            SectionBlock(text=MarkdownTextObject(text=truncate("*Unmatched, and why*\n" + "\n".join(lines), 3000)))
        )
    blocks.append(
        ActionsBlock(
            block_id=f"mentor-preview-{program.id}",
            elements=[
                ButtonElement(text="Re-run", action_id=MentorAction.PREVIEW, value=str(program.id)),
                ButtonElement(text="Publish", action_id=MentorAction.PUBLISH, value=str(program.id), style="primary"),
            ],
        )
    )
    blocks.append(note("Lock keeps a pair in every re-run; `/mentor break <program> @mentor @mentee` rules one out."))
    return message(f"Proposed matches for {program.name}", blocks)
