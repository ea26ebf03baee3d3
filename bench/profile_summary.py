"""Where a server's time went: the functions most often on the stack (inclusive) and on top (self)
in py-spy's collapsed stacks. `python -m bench.profile_summary FILE [--top N] [--match TEXT]`."""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path


def read(path: Path) -> tuple[Counter[str], Counter[str], int]:
    on_top: Counter[str] = Counter()
    anywhere: Counter[str] = Counter()
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        samples = int(count)
        frames = stack.split(";")
        total += samples
        on_top[frames[-1]] += samples
        for frame in set(frames):
            anywhere[frame] += samples
    return on_top, anywhere, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("file", type=Path)
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--match", default="", help="only frames whose text contains this (e.g. /work/)")
    args = parser.parse_args()
    on_top, anywhere, total = read(args.file)
    if not total:
        print(f"{args.file}: no samples")
        return
    for title, counts in (("inclusive (on the stack)", anywhere), ("self (on top of the stack)", on_top)):
        print(f"-- {title}, {total} samples")
        shown = [(frame, n) for frame, n in counts.most_common() if args.match in frame][: args.top]
        for frame, n in shown:
            print(f"{n / total:6.1%}  {frame[:140]}")


if __name__ == "__main__":
    main()
