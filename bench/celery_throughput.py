#!/usr/bin/env python3
"""Drain throughput of the Swift Celery worker and a Python Celery prefork worker, side by side.

For each worker: a fresh redis-server on a free loopback port, N no-op tasks enqueued by a real
Python Celery producer (results stored, as in production), then the worker is started and timed
until every result is stored. The time includes worker start-up, as in the research baseline
(shared/research/celery-protocol.md §6.3).

  bench/celery_throughput.py --swift-worker .build/release/celery-test-worker [--tasks 20000]
"""
import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PEER = os.path.join(HERE, "..", "Tests", "IntegrationTests", "python")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Redis:
    def __init__(self):
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="bench-redis-")
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--dir", self.dir],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        import redis
        self.client = redis.Redis(port=self.port)
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def stop(self):
        self.process.terminate()
        self.process.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


def enqueue(url, count):
    """Sends `count` tasks with a Python producer; returns the seconds it took and the task ids."""
    env = dict(os.environ, REDIS_URL=url, PYTHONPATH=PEER)
    code = (
        "import time\nfrom interop_app import app\n"
        f"start = time.perf_counter()\nids = [app.send_task('tests.noop').id for _ in range({count})]\n"
        "print(time.perf_counter() - start)\nprint(' '.join(ids))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True)
    seconds, ids = out.stdout.strip().split("\n")
    return float(seconds), ["celery-task-meta-" + i for i in ids.split()]


def commands_per_task(client, count):
    """Redis commands the worker sent per task (`INFO commandstats`, less the benchmark's own polling), and the
    ones it sent most."""
    ignored = {"exists", "info", "config"}
    stats = {name.removeprefix("cmdstat_"): value["calls"] for name, value in client.info("commandstats").items()}
    worker = {name: calls for name, calls in stats.items() if name not in ignored}
    top = sorted(worker.items(), key=lambda item: -item[1])[:4]
    return sum(worker.values()) / count, ", ".join(f"{name} {calls / count:.2f}" for name, calls in top)


def drain(name, command, env_extra, count):
    redis = Redis()
    try:
        enqueue_seconds, result_keys = enqueue(redis.url, count)
        env = dict(os.environ, REDIS_URL=redis.url, PYTHONPATH=PEER, **env_extra)
        redis.client.config_resetstat()
        start = time.perf_counter()
        worker = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                  start_new_session=True)
        try:
            # Results arrive roughly in the order the tasks were sent: only the first missing ones are polled,
            # so that the polling costs Redis little (EXISTS over every key, 50 times a second, took a core).
            done = 0
            while done < count:
                if worker.poll() is not None:
                    raise SystemExit(f"{name} worker exited early with {worker.returncode}")
                window = result_keys[done:done + 256]
                if redis.client.exists(*window) == len(window):
                    done += len(window)
                    continue
                time.sleep(0.02)
            while redis.client.exists(*result_keys) < count:  # every one of them, once
                time.sleep(0.02)
            elapsed = time.perf_counter() - start
        finally:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=60)
        return elapsed, count / elapsed, count / enqueue_seconds, commands_per_task(redis.client, count)
    finally:
        redis.stop()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--swift-worker", required=True)
    parser.add_argument("--tasks", type=int, default=20000)
    parser.add_argument("--swift-concurrency", type=int, default=os.cpu_count())
    args = parser.parse_args()

    print(f"{args.tasks} no-op tasks, results stored, {os.cpu_count()} CPUs, redis on loopback")
    swift = [args.swift_worker, "-c", str(args.swift_concurrency), "--loglevel", "warning",
             "--without-mingle", "--without-heartbeat"]
    runs = [
        (f"Swift -c {args.swift_concurrency} prefork (default)", swift),
        (f"Swift -c {args.swift_concurrency} threads", swift + ["--pool", "threads"]),
        (f"Swift -c {args.swift_concurrency} threads --acks-late", swift + ["--pool", "threads", "--acks-late"]),
        ("Python celery prefork -c 2", [sys.executable, "-m", "celery", "-A", "interop_app", "worker", "-P", "prefork",
                                        "-c", "2", "--without-mingle", "--without-gossip", "--without-heartbeat",
                                        "-l", "warning"]),
    ]
    results = [(label, drain(label, command, {}, args.tasks)) for label, command in runs]
    python = results[-1][1]
    print(f"{'worker':<40}{'seconds':>9}{'tasks/s':>10}{'vs Python':>11}{'cmds/task':>11}  most sent per task")
    for label, (elapsed, rate, _, (commands, top)) in results:
        print(f"{label:<40}{elapsed:>9.2f}{rate:>10.0f}{rate / python[1]:>10.1f}x{commands:>11.1f}  {top}")
    print(f"(Python producer enqueue rate: {results[0][1][2]:.0f} tasks/s)")


if __name__ == "__main__":
    main()
