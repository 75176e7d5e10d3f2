"""Ack latency of the Slack bot under a burst of concurrent events.

Starts `csm-copilot serve` (HTTP mode) as its own process against the fake Slack Web API from the test suite,
then sends `--concurrency` signed `app_mention` events at once, `--rounds` times, and prints the p50 / p95 / max
time from sending an event to the bot's HTTP 200 (the ack Slack waits at most 3 seconds for). The bot answers
every event meanwhile, so acks are measured while the core is busy; the time until all answers were posted is
printed too, for context (it is not the ack).

Run from the repository root:  .venv/bin/python -m evals.bench_slack_ack [--concurrency 20] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from tests.slack.fake_slack import BOT_TOKEN, BOT_USER, SIGNING_SECRET, FakeSlack
from tests.slack.sender import Sent, SlackSender

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = [
    "Who is the champion at Harborview?",
    "When should renewal preparation start?",
    "How are active users trending at Acme?",
    "What did we agree in the last call with Orbit?",
]


def start_bot(fake: FakeSlack, home: Path, knowledge: Path, embeddings: str) -> tuple[subprocess.Popen, str]:
    env = {
        **os.environ,
        "CSM_COPILOT_EMBEDDINGS": embeddings,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_BASE_URL": fake.base_url,
    }
    env.pop("SLACK_APP_TOKEN", None)
    command = [
        sys.executable,
        "-m",
        "bot.cli",
        "--home",
        str(home),
        "--knowledge",
        str(knowledge),
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        "0",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    banner = process.stdout.readline() if process.stdout else ""
    if "listening on " not in banner:
        process.kill()
        raise SystemExit(f"the bot did not start: {banner!r}")
    return process, banner.split("listening on ")[1].split(" ")[0]


def burst(slack: SlackSender, concurrency: int, round_number: int) -> list[Sent]:
    """`concurrency` signed mentions released at the same instant; their HTTP results."""
    barrier = threading.Barrier(concurrency)
    results: list[Sent | None] = [None] * concurrency

    def send(index: int) -> None:
        ts = f"{1767100000 + round_number * 1000 + index}.000100"
        event = {
            "type": "app_mention",
            "user": "U0BENCH",
            "channel": "C0BENCH",
            "ts": ts,
            "event_ts": ts,
            "text": f"<@{BOT_USER}> {QUESTIONS[index % len(QUESTIONS)]}",
        }
        barrier.wait()
        started = time.perf_counter()
        try:
            results[index] = slack.event(event, event_id=f"EvBench{round_number:02d}{index:04d}")
        except OSError as exc:  # a refused or reset connection counts as a failed ack
            results[index] = Sent(0, str(exc), time.perf_counter() - started)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [r for r in results if r is not None]


def answered(fake: FakeSlack) -> int:
    """Answers posted so far (a post, or the end of a stream)."""
    return len(fake.calls_to("chat.postMessage")) + len(fake.calls_to("chat.stopStream"))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--knowledge", type=Path, default=ROOT / "knowledge")
    parser.add_argument("--embeddings", default="hash", help="hash (default: isolates the Slack layer) or minilm")
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="bench-slack-"))
    knowledge = workdir / "knowledge"
    shutil.copytree(args.knowledge, knowledge)
    with FakeSlack() as fake:
        process, url = start_bot(fake, workdir / "home", knowledge, args.embeddings)
        try:
            slack = SlackSender(url, fake)
            slack.event(
                {
                    "type": "app_mention",
                    "user": "U0BENCH",
                    "channel": "C0WARM",
                    "ts": "1.1",
                    "event_ts": "1.1",
                    "text": f"<@{BOT_USER}> warm-up",
                }
            )
            fake.wait_for("chat.postMessage", timeout=120)
            latencies: list[float] = []
            for round_number in range(1, args.rounds + 1):
                answered_before = answered(fake)
                started = time.perf_counter()
                sent = burst(slack, args.concurrency, round_number)
                failed = [s.status for s in sent if s.status != 200]
                round_ms = [s.seconds * 1000 for s in sent]
                latencies += round_ms
                expected = answered_before + len(sent) - len(failed)
                fake.wait_until(lambda n=expected: answered(fake) >= n, timeout=300)
                seconds = time.perf_counter() - started
                print(
                    f"round {round_number}: {len(sent)} events, ack p50 {statistics.median(round_ms):.1f} ms, "
                    f"max {max(round_ms):.1f} ms, non-200: {failed or 'none'}; all answered in {seconds:.1f} s"
                )
        finally:
            process.terminate()
            process.wait(timeout=30)
    shutil.rmtree(workdir, ignore_errors=True)
    print(
        f"\nack latency over {len(latencies)} events ({args.concurrency} concurrent × {args.rounds} rounds): "
        f"p50 {percentile(latencies, 0.50):.1f} ms · p95 {percentile(latencies, 0.95):.1f} ms · "
        f"max {max(latencies):.1f} ms (Slack's limit: 3000 ms)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
