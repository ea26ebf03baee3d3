"""Run the Slack double on its own: `python -m bot.slack_double [--port N]`.

Point the bot at it with SLACK_API_URL=<printed url> to try commands without a Slack workspace.
"""

from __future__ import annotations

import argparse
import asyncio
import gc

from bot.slack_double import SlackDouble, SlackSpec


async def _serve(port: int, token: str, extra_users: int) -> None:
    double = SlackDouble(spec=SlackSpec.discover(), token=token)
    ws = double.workspace
    for user_id, name, tz in (("UALICE", "alice", "America/New_York"), ("UBOB", "bob", "Europe/Berlin")):
        ws.add_user(user_id, name, tz=tz)
    for n in range(extra_users):  # for benchmarks: a big workspace
        ws.add_user(f"U{n:06d}", f"member{n}", tz="Europe/Berlin")
    general = ws.add_channel("general", members={"UALICE", "UBOB", ws.bot_user_id})
    ws.channels["CGENERAL"] = ws.channels.pop(general.id)
    ws.channels["CGENERAL"].id = "CGENERAL"
    await double.start(port=port)
    # Run on its own, the double serves benchmarks and keeps every reply it was sent. The cyclic
    # collector's full passes over those (40 ms once it holds a few thousand) would show up as the
    # latency of whichever server is measured at the time; reference counting frees the rest.
    gc.freeze()
    gc.disable()
    print(f"SLACK_API_URL={double.api_url}", flush=True)
    print(f"SLACK_BOT_TOKEN={token}", flush=True)
    await asyncio.Event().wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--token", default="xoxb-circles-double")
    parser.add_argument("--users", type=int, default=0, help="extra members U000000, U000001, ...")
    arguments = parser.parse_args()
    asyncio.run(_serve(arguments.port, arguments.token, arguments.users))


if __name__ == "__main__":
    main()
