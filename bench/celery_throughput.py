#!/usr/bin/env python3
"""Drain throughput of the Swift Celery worker and a Python Celery prefork worker, side by side.

For each worker: a fresh redis-server on a free loopback port, N no-op tasks enqueued by a real
Python Celery producer (results stored, as in production), then the worker is started and timed
until every result is stored. The time includes worker start-up, as in the research baseline
(shared/research/celery-protocol.md §6.3).

  bench/celery_throughput.py --swift-worker .build/release/celery-test-worker [--tasks 20000] [--runs 3]
"""
import argparse
import os
import resource
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

    def cpu_seconds(self):
        """User and system CPU the server has used since it started."""
        info = self.client.info("cpu")
        return info["used_cpu_user"] + info["used_cpu_sys"]

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


class Run:
    """One drain: seconds, tasks/s, the producer's enqueue rate, commands per task, CPU µs per task."""

    def __init__(self, elapsed, rate, enqueue_rate, commands, worker_cpu, redis_cpu):
        self.elapsed, self.rate, self.enqueue_rate = elapsed, rate, enqueue_rate
        self.commands, self.worker_cpu, self.redis_cpu = commands, worker_cpu, redis_cpu


def children_cpu_seconds():
    """User and system CPU of this process's waited-for children (and theirs)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def commands_per_task(client, count):
    """Redis commands the worker sent per task (`INFO commandstats`, less the benchmark's own polling), and the
    ones it sent most."""
    ignored = {"exists", "info", "config"}
    stats = {name.removeprefix("cmdstat_"): value["calls"] for name, value in client.info("commandstats").items()}
    worker = {name: calls for name, calls in stats.items() if name not in ignored}
    top = sorted(worker.items(), key=lambda item: -item[1])[:4]
    return sum(worker.values()) / count, ", ".join(f"{name} {calls / count:.2f}" for name, calls in top)


def exit_cleanly_on_sigterm(name):
    """Makes a SIGTERM (`timeout`, a CI runner) end the run through its cleanup, as Ctrl-C does: each worker runs in a
    session of its own, so nothing else would stop it, and it would retry its stopped Redis for ever."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(f"{name}: terminated"))


def pipe_round_trip_us(parent_cpu, child_cpu, count=20000):
    """Microseconds for one byte to go to a child process through a pipe and back, each pinned to a CPU: what one
    hand-off costs this machine when the woken process sits on the same CPU, or on another (a VM can make waking a
    sleeping CPU far dearer than the hand-off itself)."""
    (child_reads, parent_writes), (parent_reads, child_writes) = os.pipe(), os.pipe()
    pid = os.fork()
    if pid == 0:
        # Whatever happens here (the parent gone mid-trip: a broken pipe), this copy of the bench ends here.
        try:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the bench's own handler
            os.close(parent_writes)
            os.close(parent_reads)
            os.sched_setaffinity(0, {child_cpu})
            while byte := os.read(child_reads, 1):
                os.write(child_writes, byte)
        finally:
            os._exit(0)
    os.close(child_reads)
    os.close(child_writes)
    allowed = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {parent_cpu})
    try:
        start = time.perf_counter()
        for _ in range(count):
            os.write(parent_writes, b"x")
            os.read(parent_reads, 1)
        return (time.perf_counter() - start) / count * 1e6
    finally:
        os.sched_setaffinity(0, allowed)
        os.close(parent_writes)  # the child reads the end of its input and exits
        os.close(parent_reads)
        os.waitpid(pid, 0)


def drain(name, command, env_extra, count):
    redis = Redis()
    try:
        enqueue_seconds, result_keys = enqueue(redis.url, count)
        env = dict(os.environ, REDIS_URL=redis.url, PYTHONPATH=PEER, **env_extra)
        redis.client.config_resetstat()
        redis_cpu = redis.cpu_seconds()
        children_cpu = children_cpu_seconds()
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
            redis_cpu = redis.cpu_seconds() - redis_cpu
        finally:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=60)
        # The worker's CPU includes its pool processes (it waits for them) and its shutdown.
        worker_cpu = children_cpu_seconds() - children_cpu
        return Run(elapsed, count / elapsed, count / enqueue_seconds, commands_per_task(redis.client, count),
                   worker_cpu / count * 1e6, redis_cpu / count * 1e6)
    finally:
        redis.stop()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--swift-worker", required=True)
    parser.add_argument("--tasks", type=int, default=20000)
    parser.add_argument("--swift-concurrency", type=int, default=os.cpu_count())
    parser.add_argument("--runs", type=int, default=1,
                        help="drains per worker, taken in turns; the median (by tasks/s) is printed, with the range")
    parser.add_argument("--compare-worker", action="append", default=[], metavar="PATH",
                        help="another build of celery-test-worker (say, of an earlier commit) drained in turns with "
                             "the others, default prefork pool; may be given more than once")
    args = parser.parse_args()
    exit_cleanly_on_sigterm("bench/celery-throughput")

    print(f"{args.tasks} no-op tasks, results stored, {os.cpu_count()} CPUs, redis on loopback, "
          f"median of {args.runs} run(s) each")
    options = ["-c", str(args.swift_concurrency), "--loglevel", "warning", "--without-mingle", "--without-heartbeat"]
    swift = [args.swift_worker] + options
    workers = [
        (f"Swift -c {args.swift_concurrency} prefork (default)", swift),
        *[(f"  compared #{number} prefork (default)", [path] + options)
          for number, path in enumerate(args.compare_worker, start=1)],
        (f"Swift -c {args.swift_concurrency} threads", swift + ["--pool", "threads"]),
        (f"Swift -c {args.swift_concurrency} threads --acks-late", swift + ["--pool", "threads", "--acks-late"]),
        ("Python celery prefork -c 2", [sys.executable, "-m", "celery", "-A", "interop_app", "worker", "-P", "prefork",
                                        "-c", "2", "--without-mingle", "--without-gossip", "--without-heartbeat",
                                        "-l", "warning"]),
    ]
    # In turns, so that a machine growing busier or quieter weighs on every worker alike.
    drains = {label: [] for label, _ in workers}
    for _ in range(args.runs):
        for label, command in workers:
            drains[label].append(drain(label, command, {}, args.tasks))
    results = []
    for label, _ in workers:
        ordered = sorted(drains[label], key=lambda run: run.rate)
        results.append((label, ordered[len(ordered) // 2], ordered[0].rate, ordered[-1].rate))
    python = results[-1][1]
    print(f"{'worker':<40}{'seconds':>8}{'tasks/s':>9}{'range':>14}{'vs Python':>10}{'cpu µs/task':>13}"
          f"{'cmds/task':>10}  most sent per task")
    for label, run, low, high in results:
        commands, top = run.commands
        cpu = f"{run.worker_cpu:.0f}+{run.redis_cpu:.0f}"
        print(f"{label:<40}{run.elapsed:>8.2f}{run.rate:>9.0f}{f'{low:.0f}-{high:.0f}':>14}"
              f"{run.rate / python.rate:>9.1f}x{cpu:>13}{commands:>10.1f}  {top}")
    print("(cpu µs/task: the worker's, its pool processes included, + Redis's, while draining)")
    print(f"(Python producer enqueue rate: {results[0][1].enqueue_rate:.0f} tasks/s)")
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) >= 2:
        print(f"(this machine's pipe round trip between two processes: {pipe_round_trip_us(cpus[0], cpus[0]):.0f} µs "
              f"on one CPU, {pipe_round_trip_us(cpus[0], cpus[1]):.0f} µs across two; each task crosses between "
              "the worker and a pool process twice)")
    for number, path in enumerate(args.compare_worker, start=1):
        print(f"(compared #{number}: {path})")


if __name__ == "__main__":
    main()
