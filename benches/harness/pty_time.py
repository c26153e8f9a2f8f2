#!/usr/bin/env python3
"""Times a terminal program in a pseudo-terminal: first frame and key latency.

    pty_time.py [options] -- COMMAND [ARG...]

Each run starts COMMAND on a fresh pseudo-terminal of --size (default 120x40, TERM from
--term), then measures:

first frame
    With --marker TEXT (the fair mode): the time from spawn until TEXT appears in the output.
    Pick a marker that only the finished first screen contains (a title, a word of the first
    lines), and one without spaces: a full-screen program may skip blank cells with cursor
    moves instead of writing spaces. Without a marker: the time from spawn until the last byte
    before the output goes quiet for --quiet-ms (the quiet window itself is not counted); the
    time to the first byte is reported too.

later marker (with --done-marker TEXT)
    The time from spawn until TEXT has appeared, e.g. a status such as "indexed" that a
    program shows once its background work is done.

key latency (with --keys)
    After the first frame and --settle-ms of quiet, each key is sent --key-count times, with
    --key-pause-ms between presses. For each press: the time from the write to the first byte
    of output ("first byte") and to the last byte before --quiet-ms of quiet ("done"); a
    press without output within --key-timeout seconds counts as missing.
    Key names: a single character, or space, enter, tab, esc, up, down, left, right, pgup,
    pgdn, home, end, ctrl-X. `KEY:RESET` sends RESET (unmeasured, waiting for quiet) before
    each press, e.g. `G:g` times jumping to the end from the top every time.

Then the program is asked to quit (--quit, default q) and killed if it has not left after a
second. Terminal queries the program sends are answered as a terminal would (cursor position,
device attributes, status, window size, colours, keyboard protocol), so nothing waits for a
reply that never comes.

--runs N repeats everything (after --warmup unmeasured runs, without keys); the table gives min, median, p99
and max in milliseconds; --json prints the samples and summaries instead. Exit status 1 when
some run never showed its first frame.
"""

from __future__ import annotations

import argparse
import errno
import fcntl
import json
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time

KEYS = {
    "space": b" ",
    "enter": b"\r",
    "tab": b"\t",
    "esc": b"\x1b",
    "up": b"\x1b[A",
    "down": b"\x1b[B",
    "right": b"\x1b[C",
    "left": b"\x1b[D",
    "home": b"\x1b[H",
    "end": b"\x1b[F",
    "pgup": b"\x1b[5~",
    "pgdn": b"\x1b[6~",
}


def key_bytes(name: str) -> bytes:
    if name in KEYS:
        return KEYS[name]
    if name.startswith("ctrl-") and len(name) == 6:
        return bytes([ord(name[5].lower()) & 0x1F])
    if len(name) == 1:
        return name.encode()
    raise SystemExit(f"pty_time: unknown key {name!r}")


# Queries a program may send, and what a terminal of `cols`x`rows` answers.
QUERY = re.compile(
    rb"\x1b\[6n"  # cursor position
    rb"|\x1b\[\?6n"  # extended cursor position
    rb"|\x1b\[0?c"  # primary device attributes
    rb"|\x1b\[>0?c"  # secondary device attributes
    rb"|\x1b\[5n"  # status
    rb"|\x1b\[1[468]t"  # window size in pixels, cell size, size in cells
    rb"|\x1b\[\?u"  # kitty keyboard protocol flags
    rb"|\x1b\[>0?q"  # terminal name and version
    rb"|\x1b\](1[01]);\?(?:\x07|\x1b\\)"  # foreground / background colour
)


def answer(query: re.Match, cols: int, rows: int) -> bytes:
    q = query.group(0)
    if q == b"\x1b[6n":
        return b"\x1b[1;1R"
    if q == b"\x1b[?6n":
        return b"\x1b[?1;1R"
    if q.endswith(b"c"):
        return b"\x1b[>1;10;0c" if q.startswith(b"\x1b[>") else b"\x1b[?62;22c"
    if q == b"\x1b[5n":
        return b"\x1b[0n"
    if q == b"\x1b[14t":
        return b"\x1b[4;%d;%dt" % (rows * 20, cols * 10)
    if q == b"\x1b[16t":
        return b"\x1b[6;20;10t"
    if q == b"\x1b[18t":
        return b"\x1b[8;%d;%dt" % (rows, cols)
    if q == b"\x1b[?u":
        return b"\x1b[?0u"
    if q.endswith(b"q"):
        return b"\x1bP>|pty_time\x1b\\"
    colour = b"ffff/ffff/ffff" if query.group(1) == b"10" else b"0000/0000/0000"
    return b"\x1b]" + query.group(1) + b";rgb:" + colour + b"\x1b\\"


class Session:
    """One program on one pseudo-terminal."""

    def __init__(
        self,
        argv: list[str],
        cols: int,
        rows: int,
        env: dict[str, str],
        watch: list[bytes],
        cwd: str | None = None,
    ):
        self.cols, self.rows = cols, rows
        # When each watched text first appeared in the output.
        self.watch = [w for w in watch if w]
        self.seen: dict[bytes, float] = {}
        self.overlap = b""
        self.carry = b""
        self.tail = b""
        self.total = 0
        self.exited = False
        self.start = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:  # the child: size the terminal, then become the program
            try:
                winsize = struct.pack("HHHH", rows, cols, cols * 10, rows * 20)
                fcntl.ioctl(0, termios.TIOCSWINSZ, winsize)
                if cwd:
                    os.chdir(cwd)
                os.execvpe(argv[0], argv, env)
            except OSError as e:
                os.write(2, f"pty_time: {argv[0]}: {e}\n".encode())
            os._exit(127)
        self.pid, self.fd = pid, fd
        os.set_blocking(fd, False)

    def read(self, timeout: float) -> tuple[bytes, float] | None:
        """Output available within `timeout` seconds, and when it was read; None on timeout,
        b"" once the program has closed the terminal."""
        if self.exited:
            return b"", time.perf_counter()
        ready, _, _ = select.select([self.fd], [], [], max(timeout, 0))
        if not ready:
            return None
        try:
            data = os.read(self.fd, 1 << 16)
        except OSError as e:
            if e.errno != errno.EIO:
                raise
            data = b""
        now = time.perf_counter()
        if not data:
            self.exited = True
            return b"", now
        self.total += len(data)
        self.tail = (self.tail + data)[-4096:]
        self._answer(data)
        if len(self.seen) < len(self.watch):
            window = self.overlap + data
            for text in self.watch:
                if text not in self.seen and text in window:
                    self.seen[text] = now
            keep = max(len(w) for w in self.watch) - 1
            self.overlap = window[-keep:] if keep else b""
        return data, now

    def _answer(self, data: bytes) -> None:
        seen = self.carry + data
        end = 0
        for query in QUERY.finditer(seen):
            self.write(answer(query, self.cols, self.rows))
            end = query.end()
        # Keep an escape sequence cut in two by the read for the next one.
        last = seen.rfind(b"\x1b", end)
        self.carry = seen[last:] if last >= 0 and len(seen) - last < 32 else b""

    def write(self, data: bytes) -> None:
        while data:
            try:
                n = os.write(self.fd, data)
                data = data[n:]
            except BlockingIOError:
                select.select([], [self.fd], [], 0.1)
            except OSError:
                return  # the program has gone

    def wait_quiet(
        self, quiet: float, limit: float, first_wait: float | None = None
    ) -> tuple[float | None, float | None]:
        """Reads until no output for `quiet` seconds, having waited up to `first_wait`
        seconds (default `quiet`) for the first byte, and `limit` seconds in all: the times
        of the first and the last byte read, or None."""
        first = last = None
        begun = time.perf_counter()
        deadline = begun + limit
        while True:
            now = time.perf_counter()
            if first is None:
                wait = min(begun + (quiet if first_wait is None else first_wait), deadline) - now
            else:
                wait = min(quiet, deadline - now)
            if wait <= 0:
                return first, last
            got = self.read(wait)
            if got is None:
                return first, last
            data, when = got
            if not data:
                return first, last
            first = when if first is None else first
            last = when

    def wait_marker(self, marker: bytes, limit: float) -> float | None:
        """Reads until `marker` (one of the watched texts) has appeared, since spawn: the time
        it did, or None."""
        deadline = self.start + limit
        while marker not in self.seen:
            got = self.read(deadline - time.perf_counter())
            if got is None or not got[0]:
                return None
        return self.seen[marker]

    def close(self, quit_keys: bytes) -> None:
        if not self.exited and quit_keys:
            self.write(quit_keys)
            self.wait_quiet(1.0, 1.0)
        for sig in (signal.SIGTERM, signal.SIGKILL):
            done, _ = os.waitpid(self.pid, os.WNOHANG)
            if done:
                break
            try:
                os.kill(self.pid, sig)
            except ProcessLookupError:
                break
            for _ in range(50):
                self.read(0)
                done, _ = os.waitpid(self.pid, os.WNOHANG)
                if done:
                    break
                time.sleep(0.01)
            if done:
                break
        else:
            os.waitpid(self.pid, 0)
        os.close(self.fd)


def percentile(sorted_values: list[float], p: float) -> float:
    """Linear interpolation between closest ranks."""
    if len(sorted_values) == 1:
        return sorted_values[0]
    k = (len(sorted_values) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (k - lo)


def summary(samples: list[float | None]) -> dict:
    ok = sorted(s for s in samples if s is not None)
    out = {"n": len(ok), "missing": len(samples) - len(ok)}
    if ok:
        out.update(
            min=ok[0],
            median=percentile(ok, 50),
            p99=percentile(ok, 99),
            max=ok[-1],
        )
    return out


def parse_key_spec(spec: str) -> tuple[str, bytes, bytes]:
    name, _, reset = spec.partition(":") if len(spec) > 1 else (spec, "", "")
    return spec, key_bytes(name), key_bytes(reset) if reset else b""


def one_run(args, argv: list[str], env: dict[str, str], keys) -> dict:
    ms = 1000.0
    watch = [(args.marker or "").encode(), (args.done_marker or "").encode()]
    s = Session(argv, args.cols, args.rows, env, watch, args.cwd)
    result: dict = {}
    try:
        quiet = args.quiet_ms / ms
        if args.marker:
            when = s.wait_marker(args.marker.encode(), args.timeout)
            result["first_frame"] = None if when is None else (when - s.start) * ms
        else:
            first, last = s.wait_quiet(quiet, args.timeout)
            result["first_byte"] = None if first is None else (first - s.start) * ms
            result["first_frame"] = None if last is None else (last - s.start) * ms
        if result["first_frame"] is None:
            result["error"] = (
                "program exited" if s.exited else f"no first frame in {args.timeout} s"
            ) + f"; {s.total} bytes; last output: {printable(s.tail[-400:])}"
            return result
        if args.done_marker:
            when = s.wait_marker(args.done_marker.encode(), args.timeout)
            result["done_marker"] = None if when is None else (when - s.start) * ms
        if not keys:
            return result
        s.wait_quiet(args.settle_ms / ms, args.timeout)
        for label, key, reset in keys:
            firsts, dones = [], []
            for _ in range(args.key_count):
                if reset:
                    s.write(reset)
                    s.wait_quiet(quiet, args.timeout, args.key_timeout)
                sent = time.perf_counter()
                s.write(key)
                first, last = s.wait_quiet(quiet, args.timeout, args.key_timeout)
                # A press that changed nothing on screen (or took longer than --key-timeout
                # to show) gives no sample.
                firsts.append(None if first is None else (first - sent) * ms)
                dones.append(None if last is None else (last - sent) * ms)
                s.wait_quiet(args.key_pause_ms / ms, args.key_pause_ms / ms)
            result[f"key {label} first byte"] = firsts
            result[f"key {label} done"] = dones
        return result
    finally:
        s.close(key_bytes(args.quit) if args.quit else b"")


def printable(data: bytes) -> str:
    text = re.sub(rb"\x1b\[[0-9;?]*[A-Za-z]", b" ", data)
    return text.decode("utf-8", "replace").replace("\r", " ").replace("\n", " ")


def main() -> int:
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n\n", 1)[1],
    )
    p.add_argument("--size", default="120x40", help="COLSxROWS (default 120x40)")
    p.add_argument("--term", default="xterm-256color")
    p.add_argument("--marker", help="text the first frame contains")
    p.add_argument("--done-marker", help="text shown once background work is done")
    p.add_argument("--quiet-ms", type=float, default=50.0)
    p.add_argument("--timeout", type=float, default=60.0, help="seconds, per wait")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--keys", default="", help="comma-separated keys, e.g. j,space:g,G:g")
    p.add_argument("--key-count", type=int, default=20)
    p.add_argument(
        "--key-timeout", type=float, default=5.0, help="seconds to wait for a key's output"
    )
    p.add_argument("--key-pause-ms", type=float, default=30.0)
    p.add_argument("--settle-ms", type=float, default=300.0)
    p.add_argument("--quit", default="q", help="key that quits ('' for none)")
    p.add_argument("--cwd", help="folder to run the command in")
    p.add_argument("--env", action="append", default=[], help="NAME=VALUE, repeatable")
    p.add_argument("--label", help="name in the table (default: the command)")
    p.add_argument("--json", action="store_true")
    p.add_argument("command", nargs=argparse.REMAINDER)
    args = p.parse_args()
    argv = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not argv:
        p.error("no command given (put it after --)")
    try:
        args.cols, args.rows = (int(x) for x in args.size.lower().split("x"))
    except ValueError:
        p.error(f"bad --size {args.size!r}")
    keys = [parse_key_spec(k) for k in args.keys.split(",") if k]

    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "TMUX")}
    env["TERM"] = args.term
    for item in args.env:
        name, _, value = item.partition("=")
        env[name] = value

    # Stopped from outside: leave through the `finally` that ends the program under test.
    def stop(signum, _frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGHUP, stop)

    runs, errors = [], []
    for i in range(args.warmup + args.runs):
        # Warm-up runs only fill the caches: no keys.
        r = one_run(args, argv, env, keys if i >= args.warmup else [])
        if "error" in r:
            errors.append(r["error"])
            print(f"pty_time: run {i + 1}: {r['error']}", file=sys.stderr)
        if i >= args.warmup:
            runs.append(r)

    metrics: dict[str, list[float | None]] = {}
    for r in runs:
        for name, value in r.items():
            if name == "error":
                continue
            values = value if isinstance(value, list) else [value]
            metrics.setdefault(name, []).extend(values)
    label = args.label or " ".join(argv)
    summaries = {name: summary(values) for name, values in metrics.items()}
    if args.json:
        json.dump(
            {
                "label": label,
                "command": argv,
                "size": args.size,
                "marker": args.marker,
                "runs": args.runs,
                "summaries": summaries,
                "samples": metrics,
                "errors": errors,
            },
            sys.stdout,
            indent=1,
        )
        print()
    else:
        print(f"{label}  ({args.size}, {args.runs} runs, ms)")
        print(f"  {'metric':<28}{'n':>5}{'min':>9}{'median':>9}{'p99':>9}{'max':>9}")
        for name, s in summaries.items():
            if s["n"] == 0:
                print(f"  {name:<28}{0:>5}   (no samples, {s['missing']} missing)")
                continue
            missing = f"  ({s['missing']} without output)" if s["missing"] else ""
            print(
                f"  {name:<28}{s['n']:>5}{s['min']:>9.2f}{s['median']:>9.2f}"
                f"{s['p99']:>9.2f}{s['max']:>9.2f}{missing}"
            )
    first = metrics.get("first_frame", [])
    return 1 if not first or any(v is None for v in first) else 0


if __name__ == "__main__":
    sys.exit(main())
