"""Checks of Web API calls against Slack's published descriptions in `shared/slack-spec/`.

Slack itself is out of reach from tests, so the double holds every call to what Slack (or an
independent party) documented: the method exists, required arguments are there, the body encoding is
one the method accepts, Block Kit validates, and the token's scopes allow the call.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

SPEC_DIR_ENV = "CIRCLES_SLACK_SPEC_DIR"
VERDICTS_KEPT = 4096  # distinct payloads whose check is remembered
MESSAGE_BLOCK_LIMIT = 50  # Slack's per-message limit; the schema allows 100 (the modal/home limit)


REFRESH_GRANT = {("oauth.v2.access", "code")}


def find_spec_dir() -> Path | None:
    """`$CIRCLES_SLACK_SPEC_DIR`, or `../shared/slack-spec/` next to the project root."""
    configured = os.environ.get(SPEC_DIR_ENV)
    candidate = Path(configured) if configured else Path(__file__).resolve().parents[2].parent / "shared" / "slack-spec"
    return candidate if (candidate / "derived_method_index.json").is_file() else None


class SlackSpec:
    def __init__(self, root: Path):
        self.root = root
        self.methods: dict[str, dict[str, Any]] = _load(root / "derived_method_index.json")["methods"]
        scopes = _load(root / "bot_scopes.json")
        self.method_scopes: dict[str, Any] = scopes["methods"]
        self.event_scopes: dict[str, Any] = scopes["events"]
        self.feature_scopes: dict[str, Any] = scopes["features"]
        self.python_methods: dict[str, str] = {
            info["python_method"]: name
            for name, info in _load(root / "derived_python_slack_sdk_web_methods.json")["methods"].items()
        }
        schema = _load(root / "blockkit" / "slack-block-kit.schema.json")
        self._blocks = Draft202012Validator(schema)
        surfaces = {k: v for k, v in schema.items() if k not in ("type", "items", "minItems", "maxItems")}
        self._views = {
            kind: Draft202012Validator({**surfaces, "$ref": f"#/$defs/{kind}_view"}) for kind in ("modal", "home")
        }
        self.manifest_schema: dict[str, Any] = _load(root / "manifest" / "slack-app-manifest.schema.json")
        # Validation is the double's main cost (jsonschema walks the whole Block Kit schema), and an
        # app sends the same blocks again and again: remember the verdict per distinct payload.
        self._verdicts: dict[str, list[str]] = {}

    @classmethod
    def discover(cls) -> SlackSpec | None:
        root = find_spec_dir()
        return cls(root) if root else None

    def check_call(self, method: str, args: dict[str, Any], *, sent_as_json: bool) -> list[str]:
        info = self.methods.get(method)
        if info is None:
            return [f"{method}: no such Web API method"]
        problems: list[str] = []
        consumes = info.get("consumes") or ["application/x-www-form-urlencoded"]
        if sent_as_json and "application/json" not in consumes:
            problems.append(f"{method}: sent as JSON, but the method reads form fields only (Slack ignores the body)")
        present = {key for key, value in args.items() if value not in (None, "")}
        for name in info.get("effective_required") or []:
            if (method, name) in REFRESH_GRANT and args.get("grant_type") == "refresh_token":
                continue  # token rotation (2021) postdates the 2020 spec: a refresh sends no code
            if name not in present:
                problems.append(f"{method}: required argument `{name}` is missing")
        for group in info.get("one_of_required") or []:
            if not present & set(group):
                problems.append(f"{method}: one of {', '.join(group)} is required")
        return problems

    def check_scopes(self, method: str, granted: set[str]) -> str | None:
        """The missing scope Slack would name, or None when the granted scopes allow the call."""
        info = self.method_scopes.get(method)
        if info is None or info["bot"] == "none":
            return None
        allowed = set(info["bot"])
        return None if allowed & granted else ",".join(sorted(allowed))

    def check_blocks(self, blocks: Any, surface: str = "message") -> list[str]:
        return self._remembered(("blocks", surface, blocks), lambda: self._check_blocks(blocks, surface))

    def check_view(self, view: Any) -> list[str]:
        return self._remembered(("view", view), lambda: self._check_view(view))

    def _remembered(self, key: Any, check: Callable[[], list[str]]) -> list[str]:
        text = json.dumps(key, sort_keys=True, default=repr)
        if text not in self._verdicts:
            if len(self._verdicts) >= VERDICTS_KEPT:
                self._verdicts.clear()
            self._verdicts[text] = check()
        return list(self._verdicts[text])

    def _check_blocks(self, blocks: Any, surface: str) -> list[str]:
        problems = [
            f"blocks: {error.message} at {list(error.absolute_path)}" for error in self._blocks.iter_errors(blocks)
        ]
        if surface == "message" and isinstance(blocks, list) and len(blocks) > MESSAGE_BLOCK_LIMIT:
            problems.append(f"blocks: {len(blocks)} blocks in a message; Slack allows {MESSAGE_BLOCK_LIMIT}")
        problems.extend(_unique_block_ids(blocks))
        return problems

    def _check_view(self, view: Any) -> list[str]:
        if not isinstance(view, dict) or view.get("type") not in self._views:
            return ["view: must be an object with type modal or home"]
        validator = self._views[view["type"]]
        problems = [f"view: {error.message} at {list(error.absolute_path)}" for error in validator.iter_errors(view)]
        problems.extend(_unique_block_ids(view.get("blocks")))
        return problems


def _unique_block_ids(blocks: Any) -> list[str]:
    if not isinstance(blocks, list):
        return []
    seen: set[str] = set()
    problems = []
    for block in blocks:
        block_id = block.get("block_id") if isinstance(block, dict) else None
        if block_id is None:
            continue
        if block_id in seen:
            problems.append(f"blocks: block_id {block_id!r} is used twice")
        seen.add(block_id)
    return problems


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))
