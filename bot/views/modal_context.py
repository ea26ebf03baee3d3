"""What a modal remembers about where it was opened (carried in its private_metadata)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class ModalContext:
    channel_id: str | None = None
    response_url: str | None = None  # where to answer after submission (valid 30 minutes)
    replace_original: bool = False  # answer by replacing the message whose button opened the modal
    ref: int | None = None  # the record the modal is about (e.g. a check-in id)
    thread_ts: str | None = None  # the message a shortcut was used on (its thread is where replies go)
    day: str | None = None  # an ISO date the modal is about (e.g. which meeting of a circle `ref` is)
    scope: str | None = None  # what kind of record `ref` is, where a modal serves several (circle, pair)
    items: list[str] | None = None  # what the modal's numbered inputs stand for (e.g. the skills rated)

    def dump(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def load(cls, raw: str | None) -> ModalContext:
        try:
            data = json.loads(raw or "{}")
        except json.JSONDecodeError:
            return cls()
        if not isinstance(data, dict):
            return cls()
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})
