"""Write a synthetic public document register of any size, for indexing benchmarks.

Usage::

    python -m bench.synth OUT --entries 10000 [--seed 0] [--pdf-ratio 0.3]
        [--restricted-ratio 0.1] [--txt-ratio 0.05] [--workers 2]
    python -m bench.synth OUT --add-filings 100 --seed 1   # 1% new filings
    python -m bench.synth OUT --touch-metadata 100 --seed 2  # metadata-only edits
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from bench.synth import add_filings, make_register, touch_metadata


def _du(paths: Iterable[Path]) -> tuple[int, int, int]:
    """(files, bytes of content, bytes allocated on disk)."""
    files = size = alloc = 0
    for p in paths:
        for f in p.rglob("*"):
            if f.is_file():
                st = f.stat()
                files += 1
                size += st.st_size
                alloc += getattr(st, "st_blocks", 0) * 512
    return files, size, alloc


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m bench.synth", description=(__doc__ or "").split("\n\n")[0]
    )
    ap.add_argument("out", type=Path, metavar="OUT_DIR")
    ap.add_argument("--entries", type=int, help="write a new register of N entries")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--pdf-ratio", type=float, default=0.3)
    ap.add_argument("--restricted-ratio", type=float, default=0.1)
    ap.add_argument("--txt-ratio", type=float, default=0.05)
    ap.add_argument("--workers", type=int, default=None, help="processes (default: CPUs, ≤4)")
    ap.add_argument("--add-filings", type=int, metavar="N", help="add N new entries")
    ap.add_argument(
        "--touch-metadata", type=int, metavar="N", help="change only the metadata of N entries"
    )
    args = ap.parse_args(argv)
    if args.entries is None and not args.add_filings and not args.touch_metadata:
        ap.error("give --entries, --add-filings or --touch-metadata")
    ratios = dict(
        pdf_ratio=args.pdf_ratio, restricted_ratio=args.restricted_ratio, txt_ratio=args.txt_ratio
    )
    if args.entries is not None:
        t0 = time.perf_counter()
        folders = make_register(args.out, args.entries, args.seed, workers=args.workers, **ratios)
        files, size, alloc = _du(folders)
        print(
            f"wrote {len(folders)} entries, {files} files, {size / 1e6:.1f} MB "
            f"({alloc / 1e6:.1f} MB on disk) in {time.perf_counter() - t0:.1f} s"
        )
    if args.add_filings:
        t0 = time.perf_counter()
        folders = add_filings(args.out, args.add_filings, args.seed, workers=args.workers, **ratios)
        print(f"added {len(folders)} entries in {time.perf_counter() - t0:.1f} s")
    if args.touch_metadata:
        t0 = time.perf_counter()
        touched = touch_metadata(args.out, args.touch_metadata, args.seed)
        print(f"changed the metadata of {len(touched)} entries in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
