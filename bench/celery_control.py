#!/usr/bin/env python3
"""Remote-control round trip (`inspect ping` to one node, Celery's own client) of the Swift worker
and a Python Celery prefork worker, idle and while every worker slot runs a CPU-bound task; and
the task-event overhead of the Swift worker (drain time of no-op tasks without and with -E).

  bench/celery_control.py --swift-worker .build/release/celery-test-worker [--pings 50] [--tasks 10000]
"""
import argparse
import os
import signal
import statistics
import subprocess
import sys
import time

from celery_throughput import PEER, Redis, drain, exit_cleanly_on_sigterm


def start(command, url):
    env = dict(os.environ, REDIS_URL=url, PYTHONPATH=PEER)
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


def client(url):
    """A Celery app of its own for one broker (control commands and send_task need no task code)."""
    from celery import Celery
    return Celery("bench", broker=url, backend=url, set_as_current=False)


def ping_times(app, node, count):
    """Milliseconds of `count` pings to `node`, each waiting for its reply only."""
    inspect = app.control.inspect(destination=[node], timeout=5)
    deadline = time.time() + 60
    while not inspect.ping():
        if time.time() > deadline:
            raise SystemExit(f"{node} never answered")
    times = []
    for _ in range(count):
        start = time.perf_counter()
        reply = inspect.ping()
        times.append((time.perf_counter() - start) * 1000)
        assert reply and node in reply, reply
    return times


def measure(name, command, node, burn_task, pings):
    redis = Redis()
    worker = start(command, redis.url)
    try:
        app = client(redis.url)
        idle = ping_times(app, node, pings)
        for _ in range(os.cpu_count()):
            app.send_task(burn_task, args=[60], queue="celery")
        time.sleep(2)
        busy = ping_times(app, node, pings)
        return idle, busy
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
        redis.stop()


def summary(times):
    times = sorted(times)
    return f"{statistics.median(times):8.1f} {times[int(len(times) * 0.95) - 1]:8.1f}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--swift-worker", required=True)
    parser.add_argument("--pings", type=int, default=50)
    parser.add_argument("--tasks", type=int, default=10000)
    args = parser.parse_args()
    exit_cleanly_on_sigterm("bench/celery-control")
    cpus = os.cpu_count()
    swift = measure("swift", [args.swift_worker, "-c", str(cpus), "-n", "swift@bench", "--loglevel", "warning"],
                    "swift@bench", "tests.burn", args.pings)
    python = measure("python", [sys.executable, "-m", "celery", "-A", "interop_app", "worker", "-P", "prefork",
                                "-c", str(cpus), "-n", "py@bench", "--without-mingle", "--without-gossip", "-l",
                                "warning"], "py@bench", "py.burn", args.pings)
    print(f"inspect ping round trip, {args.pings} pings, {cpus} CPUs; busy = {cpus} CPU-bound tasks running")
    print(f"{'worker':<28}{'median ms':>10}{'p95 ms':>9}")
    print(f"{'Swift idle':<28}{summary(swift[0])}")
    print(f"{'Swift busy':<28}{summary(swift[1])}")
    print(f"{'Python prefork idle':<28}{summary(python[0])}")
    print(f"{'Python prefork busy':<28}{summary(python[1])}")

    plain = drain("swift", [args.swift_worker, "-c", str(cpus), "--loglevel", "warning", "--without-mingle"], {},
                  args.tasks)
    events = drain("swift", [args.swift_worker, "-c", str(cpus), "--loglevel", "warning", "--without-mingle", "-E"],
                   {}, args.tasks)
    print(f"{args.tasks} no-op tasks drained by the Swift worker: {plain[1]:.0f} tasks/s without events, "
          f"{events[1]:.0f} tasks/s with -E (3 events a task)")


if __name__ == "__main__":
    main()
