"""Starter discussion guides a circle can adopt: guide questions for every meeting, first topics."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Guide:
    key: str
    name: str
    summary: str
    questions: tuple[str, ...]
    topics: tuple[str, ...]


GUIDES: dict[str, Guide] = {
    guide.key: guide
    for guide in (
        Guide(
            key="book-club",
            name="Book club",
            summary="Read a book together, a few chapters per meeting.",
            questions=(
                "What idea from this part will you try at work this week?",
                "Where did you disagree with the author, and why?",
                "Which passage would you share with someone outside the circle?",
            ),
            topics=("Pick the book and the reading pace", "First chapters: the author's core argument"),
        ),
        Guide(
            key="paper-reading",
            name="Paper reading",
            summary="One paper per meeting; a different member presents it.",
            questions=(
                "What problem does the paper solve, in one sentence?",
                "What are the key assumptions, and do they hold for us?",
                "How would we test the idea on our own systems?",
            ),
            topics=("Choose the first three papers", "A classic paper in our field"),
        ),
        Guide(
            key="new-tech",
            name="New-tech exploration",
            summary="Explore a language, tool or framework hands-on and compare notes.",
            questions=(
                "What did you build or try since last time?",
                "What surprised you, for better or worse?",
                "Where could this help in our own work, and what would it cost?",
            ),
            topics=(
                "Set up: everyone gets a hello-world running",
                "Show and tell: one small experiment each",
            ),
        ),
        Guide(
            key="career-growth",
            name="Career growth",
            summary="Peer support on skills, goals and next steps.",
            questions=(
                "What's one skill you want to grow this quarter, and why?",
                "What did you try since last time, and what did you learn from it?",
                "What would help you most right now, and who could offer it?",
            ),
            topics=("Where we each want to be in a year", "Giving and receiving feedback"),
        ),
    )
}
