"""`SlackDouble`: an HTTP server on 127.0.0.1 that speaks the Slack Web API for tests and simulations.

The app under test talks to it through `SLACK_API_URL` exactly as it talks to Slack. Every call is
checked against `shared/slack-spec/` when that folder is present; a call that fails the check gets an
error answer and is recorded in `violations`, which the test fixtures turn into a failed test.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import math
import random
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from bot.slack_double.methods import METHODS, ApiError
from bot.slack_double.oauth import OAuthApp
from bot.slack_double.spec import SlackSpec
from bot.slack_double.workspace import ResponseUrlPost, Workspace

JSON_ARGS = ("blocks", "attachments", "view", "metadata")


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    error: str | None = None
    problems: list[str] = field(default_factory=list)
    at: float = field(default_factory=time.monotonic)  # when it arrived
    team_id: str | None = None  # the workspace whose token made the call

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class Fault:
    """An answer to give instead of the real one, for the next `remaining` calls of a method."""

    error: str | None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    remaining: int = 1


class SlackDouble(OAuthApp):
    def __init__(
        self,
        *,
        spec: SlackSpec | None = None,
        token: str = "xoxb-circles-test",
        scopes: set[str] | None = None,
        workspace: Workspace | None = None,
    ):
        self.spec = spec
        self.token = token
        self.scopes = scopes  # None: scopes are not checked
        self.workspace = workspace or Workspace()
        # Every workspace the app is installed in, by the bot token that acts there.
        self.workspaces: dict[str, Workspace] = {token: self.workspace}
        self.client_id: str | None = None  # set by `install_app`: the OAuth app's credentials
        self.client_secret: str | None = None
        self.token_rotation = False
        self.token_lifetime = 43200
        self._codes: dict[str, tuple[Workspace, str]] = {}  # OAuth code → (workspace, installing user)
        self._refresh_tokens: dict[str, Workspace] = {}
        self.calls: list[Call] = []
        self.violations: list[str] = []
        self._faults: dict[str, list[Fault]] = {}
        self._holds: dict[str, asyncio.Event] = {}
        self._answer_holds: dict[str, tuple[int, asyncio.Event]] = {}
        self._limits: dict[str, list[float]] = {}
        self.held_answers = 0  # calls that took effect and are waiting to answer
        self._triggers: set[str] = set()
        self._chaos: tuple[random.Random, float, set[str], int] | None = None
        self._runner: web.AppRunner | None = None
        self.url = ""

    # -- lifecycle ---------------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        app = web.Application(client_max_size=8 * 1024 * 1024)
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/response/{key}", self._response_url)
        app.router.add_get("/responses", self._responses)
        app.router.add_post("/upload/{file_id}", self._upload)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        bound = site._server.sockets[0].getsockname()  # type: ignore[union-attr]
        self.url = f"http://{bound[0]}:{bound[1]}"
        self.workspace.base_url = self.url
        return self.url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    # -- controls for tests ------------------------------------------------------------------------

    def fail(
        self,
        method: str,
        error: str | None = "internal_error",
        *,
        status: int = 200,
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        self._faults.setdefault(method, []).append(Fault(error=error, status=status, headers=headers, remaining=times))

    def chaos(
        self, rng: random.Random | None, *, rate: float = 0.2, methods: set[str] | None = None, retry_after: int = 1
    ) -> None:
        """Fail a share of calls at random: 429s, 500s and dropped connections before the call takes effect,
        and answers lost after it took effect (the case a sender can't tell from a failure)."""
        self._chaos = (rng, rate, set(methods or ()), retry_after) if rng is not None else None

    def limit(self, method: str, per_second: float, burst: float = 1.0) -> None:
        """Enforce a rate limit as Slack does: over it, HTTP 429 with Retry-After (whole seconds)."""
        self._limits[method] = [per_second, burst, burst, time.monotonic()]  # rate, capacity, tokens, updated

    def _over_limit(self, method: str) -> float:
        """0 when the call may go ahead; else the seconds until it could."""
        if method not in self._limits:
            return 0.0
        bucket = self._limits[method]
        rate, capacity, tokens, updated = bucket
        now = time.monotonic()
        tokens = min(capacity, tokens + (now - updated) * rate)
        bucket[2:] = [tokens - 1 if tokens >= 1 else tokens, now]
        return 0.0 if tokens >= 1 else (1 - tokens) / rate

    # -- OAuth: exchanging codes (the rest of the flow is in `OAuthApp`) ---------------------------

    def _oauth_v2_access(self, call: Call) -> web.Response:
        args = call.args
        if (args.get("client_id"), args.get("client_secret")) != (self.client_id, self.client_secret):
            return self._error(
                call, "invalid_client_id" if args.get("client_id") != self.client_id else "bad_client_secret"
            )
        if args.get("grant_type") == "refresh_token":
            workspace = self._refresh_tokens.pop(str(args.get("refresh_token")), None)
            if workspace is None:
                return self._error(call, "invalid_refresh_token")
            return web.json_response({"ok": True, **self._issue(workspace, "")})
        code = self._codes.pop(str(args.get("code")), None)  # a code works once
        if code is None:
            return self._error(call, "invalid_code")
        return web.json_response({"ok": True, **self._issue(*code)})

    def hold(self, method: str) -> asyncio.Event:
        """Calls of `method` wait until the returned event is set (to observe what happens meanwhile)."""
        event = asyncio.Event()
        self._holds[method] = event
        return event

    def hold_answers(self, method: str, after: int = 0) -> asyncio.Event:
        """After `after` more calls, calls of `method` take effect but their answers wait for the event
        (so a caller can be killed between Slack acting and the caller hearing of it)."""
        event = asyncio.Event()
        self._answer_holds[method] = (after, event)
        return event

    def new_trigger_id(self) -> str:
        trigger = f"{secrets.randbelow(10**10)}.{secrets.token_hex(8)}"
        self._triggers.add(trigger)
        return trigger

    def new_response_url(self) -> str:
        return f"{self.url}/response/{secrets.token_hex(8)}"

    def responses_to(self, response_url: str) -> list[dict[str, Any]]:
        key = response_url.rsplit("/", 1)[-1]
        return [post.payload for post in self.workspace.responses if post.key == key]

    def calls_to(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    # -- HTTP --------------------------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args, sent_as_json = await _read_args(request)
        args |= _basic_auth(request)  # oauth.v2.access: client id and secret may come as HTTP Basic auth
        token = _bearer(request) or args.pop("token", None)
        call = Call(method=method, args=args)
        self.calls.append(call)

        if self.spec is not None:
            call.problems = self._spec_problems(method, args, sent_as_json)
            if call.problems:
                self.violations.extend(call.problems)
                return self._error(call, "invalid_arguments", messages=call.problems)
        if method == "oauth.v2.access":
            return self._oauth_v2_access(call)
        if not token:
            return self._error(call, "not_authed")
        workspace = self.workspaces.get(token)
        if workspace is None:
            return self._error(call, "invalid_auth")
        call.team_id = workspace.team_id
        workspace.public_posting = self.scopes is None or "chat:write.public" in self.scopes
        if self.spec is not None and self.scopes is not None:
            needed = self.spec.check_scopes(method, self.scopes)
            if needed:
                self.violations.append(f"{method}: missing_scope (needs one of {needed})")
                return self._error(call, "missing_scope", needed=needed)

        if self._chaos is not None:
            rng, rate, methods, retry_after = self._chaos
            if (not methods or method in methods) and rng.random() < rate:
                kind = rng.choice(("429", "500", "reset", "lost"))
                if kind == "lost":
                    self._apply(call, workspace)
                    call.error = "chaos_lost"
                    if request.transport is not None:
                        request.transport.abort()
                    return web.Response(status=500)
                call.error = f"chaos_{kind}"
                if kind == "reset" and request.transport is not None:
                    request.transport.abort()  # the connection drops with no answer
                    return web.Response(status=500)
                if kind == "429":
                    return web.json_response(
                        {"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": str(retry_after)}
                    )
                return web.Response(status=500, text="internal error")
        wait = self._over_limit(method)
        if wait > 0:
            call.error = "ratelimited"
            retry_after = str(max(1, math.ceil(wait)))
            return web.json_response(
                {"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": retry_after}
            )
        fault = self._take_fault(method)
        if fault is not None:
            call.error = fault.error or f"http_{fault.status}"
            body = {"ok": False, "error": fault.error} if fault.error else {"ok": False}
            return web.json_response(body, status=fault.status, headers=fault.headers)
        hold = self._holds.get(method)
        if hold is not None:
            await hold.wait()

        if method in ("views.open", "views.push"):
            trigger = args.get("trigger_id")
            if trigger is not None and trigger not in self._triggers:
                return self._error(call, "invalid_trigger_id")
            self._triggers.discard(trigger)  # a trigger opens one view, as in Slack

        response = self._apply(call, workspace)
        if method in self._answer_holds:
            after, event = self._answer_holds[method]
            if after > 0:
                self._answer_holds[method] = (after - 1, event)
            else:
                self.held_answers += 1
                await event.wait()
        return response

    def _apply(self, call: Call, workspace: Workspace) -> web.Response:
        implementation = METHODS.get(call.method)
        if implementation is None:
            self.violations.append(f"{call.method}: the double does not implement this method yet")
            return self._error(call, "not_implemented_in_double")
        try:
            result = implementation(workspace, call.args)
        except ApiError as error:
            return self._error(call, error.code)
        except (KeyError, ValueError, TypeError) as error:
            return self._error(call, "invalid_arguments", messages=[repr(error)])
        return web.json_response({"ok": True, **result})

    async def _response_url(self, request: web.Request) -> web.Response:
        payload = await request.json()
        if self.spec is not None and payload.get("blocks") is not None:
            problems = self.spec.check_blocks(payload["blocks"])
            if problems:
                self.violations.extend(f"response_url: {p}" for p in problems)
                return web.Response(status=400, text="invalid_blocks")
        peername = request.transport.get_extra_info("peername") if request.transport else None
        peer = f"{peername[0]}:{peername[1]}" if peername else ""
        self.workspace.responses.append(ResponseUrlPost(key=request.match_info["key"], payload=payload, peer=peer))
        return web.Response(text="ok")

    async def _responses(self, _: web.Request) -> web.Response:
        """Every `response_url` post's key and arrival time: how a benchmark in another process
        learns when each reply reached "Slack"."""
        posts = self.workspace.responses
        found = [[post.key, post.received, post.payload.get("text", "")] for post in posts]
        return web.json_response({"responses": found})

    async def _upload(self, request: web.Request) -> web.Response:
        """Step 2 of files_upload_v2: the bytes, to the URL that getUploadURLExternal handed out."""
        file_id = request.match_info["file_id"]
        stored = next((ws.files[file_id] for ws in self.workspaces.values() if file_id in ws.files), None)
        if stored is None:
            return web.Response(status=404, text="unknown upload")
        content = await request.read()
        if len(content) != stored["length"]:
            self.violations.append(f"upload {stored['id']}: {len(content)} bytes sent, {stored['length']} announced")
            return web.Response(status=400, text="length mismatch")
        stored["content"] = content
        return web.Response(text=f"OK - {len(content)}")

    def _spec_problems(self, method: str, args: dict[str, Any], sent_as_json: bool) -> list[str]:
        assert self.spec is not None
        problems = self.spec.check_call(method, args, sent_as_json=sent_as_json)
        if args.get("blocks") is not None:
            problems += [f"{method}: {p}" for p in self.spec.check_blocks(args["blocks"])]
        if args.get("view") is not None:
            problems += [f"{method}: {p}" for p in self.spec.check_view(args["view"])]
        return problems

    def _take_fault(self, method: str) -> Fault | None:
        queue = self._faults.get(method)
        if not queue:
            return None
        fault = queue[0]
        fault.remaining -= 1
        if fault.remaining <= 0:
            queue.pop(0)
        return fault

    @staticmethod
    def _error(call: Call, code: str, **extra: Any) -> web.Response:
        call.error = code
        body: dict[str, Any] = {"ok": False, "error": code}
        if "messages" in extra:
            body["response_metadata"] = {"messages": extra.pop("messages")}
        body.update(extra)
        return web.json_response(body)


def _basic_auth(request: web.Request) -> dict[str, str]:
    header = request.headers.get("Authorization", "")
    if not header.startswith("Basic "):
        return {}
    client_id, _, client_secret = base64.b64decode(header[6:]).decode().partition(":")
    return {"client_id": client_id, "client_secret": client_secret}


def _bearer(request: web.Request) -> str | None:
    header = request.headers.get("Authorization", "")
    return header[7:] if header.startswith("Bearer ") else None


async def _read_args(request: web.Request) -> tuple[dict[str, Any], bool]:
    args: dict[str, Any] = dict(request.query)
    sent_as_json = request.content_type == "application/json"
    if sent_as_json:
        body = await request.json()
        if not isinstance(body, dict):
            return args, True
        args.update(body)
    elif request.can_read_body:
        args.update(dict(await request.post()))
    for name in JSON_ARGS:
        if isinstance(args.get(name), str):
            with contextlib.suppress(json.JSONDecodeError):
                args[name] = json.loads(args[name])
    return args, sent_as_json
