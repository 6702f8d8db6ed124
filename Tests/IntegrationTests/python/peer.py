"""Command-line Python Celery peer for the interop tests. Prints one JSON line per call.

  peer.py call NAME ARGS_JSON [OPTIONS_JSON]   send with apply_async, wait, print {"result"|"error"...}
  peer.py send NAME ARGS_JSON [OPTIONS_JSON]   send only, print {"id"}
  peer.py get ID [TIMEOUT]                     AsyncResult(ID).get(), print {"result"|"error"...}
  peer.py info ID                              print {"state", "info"}
  peer.py canvas KIND                          run a canvas (chain, link, failed_chain, errback), print what came of it
  peer.py chord KIND [N]                       run a chord (sum, collect, once, mixed, failed), print what came of it
  peer.py group N                              send tests.add(i, i) for i < N as a group, save it, print its ids
  peer.py restore GROUP_ID                     GroupResult.restore(GROUP_ID).get(), print its ids and results
  peer.py map KIND                             tests.add through starmap, chunks or the celery.chunks task
"""
import datetime
import json
import sys
import time

from celery import chain, chord, group
from celery.canvas import chunks, xstarmap
from celery.result import GroupResult, result_from_tuple

from interop_app import app


def options_from(text):
    options = json.loads(text) if text else {}
    if "eta_in" in options:
        options["eta"] = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=options.pop("eta_in"))
    return options


def outcome(result, timeout):
    try:
        value = result.get(timeout=timeout)
        return {"id": result.id, "result": value, "result_repr": repr(value), "state": result.state}
    except Exception as error:  # report what Python rebuilt
        return {"id": result.id, "error_type": type(error).__name__, "error_module": type(error).__module__,
                "error_args": [repr(a) if not isinstance(a, (str, int, float)) else a for a in error.args],
                "error_str": str(error), "state": result.state}


def canvas(kind):
    sig = app.signature
    if kind == "chain":  # ((2 + 2) + 4) + 8
        result = chain(sig("tests.add", (2, 2)), sig("tests.add", (4,)), sig("tests.add", (8,)))()
        return {"result": result.get(timeout=30), "parent": result.parent.get(timeout=30)}
    if kind == "link":  # (1 + 1), then the callback (1 + 1) + 10
        result = sig("tests.add", (1, 1)).apply_async(link=sig("tests.add", (10,)))
        value = result.get(timeout=30)
        children = result.children or []
        return {"result": value, "children": [child.get(timeout=30) for child in children]}
    if kind == "failed_chain":  # the first step raises: the last step's own result must fail too, not hang
        result = chain(sig("tests.boom"), sig("tests.add", (1,)))()
        # get() raises as soon as the parent has failed; the worker stores the last step's FAILURE just after.
        report = outcome(result, 30)
        deadline = time.monotonic() + 10
        while result.state != "FAILURE" and time.monotonic() < deadline:
            time.sleep(0.05)
        report["state"] = result.state
        return report
    if kind == "errback":  # the errback gets the failed task's id first and records itself under that key
        errback = sig("tests.record")
        errback.freeze()
        failed = sig("tests.boom").apply_async(link_error=errback)
        failure = outcome(failed, 30)
        recorded = app.AsyncResult(errback.id).get(timeout=30)
        runs = [entry.decode() for entry in app.backend.client.lrange(failed.id, 0, -1)]
        return {"failure": failure, "errback_id": errback.id, "recorded": recorded, "runs": runs}
    raise SystemExit(f"unknown canvas {kind}")


def run_chord(kind, size):
    sig = app.signature
    header = [sig("tests.add", (i, i)) for i in range(size)]
    if kind == "sum":  # 2 * (0 + 1 + ... + N-1)
        return outcome(chord(header)(sig("tests.xsum")), 60)
    if kind == "collect":  # the callback gets the header's results in header order
        return outcome(chord(header)(sig("tests.collect")), 60)
    if kind in ("once", "mixed"):  # the callback records its id in a list each time it runs
        if kind == "mixed":  # every other header task runs on the Python worker of queue "py"
            header = [sig("py.add", (i, i), queue="py") if i % 2 else task for i, task in enumerate(header)]
        result = chord(header)(sig("tests.record", ("chord:runs",), immutable=True))
        report = outcome(result, 60)
        report["header"] = [child.get(timeout=60) for child in result.parent.results]
        return report
    if kind == "failed":  # the second header task raises: the callback's own result is a ChordError
        header[1] = sig("tests.boom")
        result = chord(header)(sig("tests.xsum"))
        report = outcome(app.AsyncResult(result.id), 60)
        report["failed_id"] = result.parent.results[1].id
        return report
    raise SystemExit(f"unknown chord {kind}")


def run_map(kind):
    add = app.signature("tests.add")
    pairs = [[i, i] for i in range(5)]
    if kind == "starmap":
        return outcome(xstarmap(add, pairs, app=app).apply_async(), 60)
    if kind == "chunks":  # Python sends the chunks as a group of celery.starmap tasks
        return {"result": chunks(add, pairs, 2, app=app).apply_async().get(timeout=60)}
    if kind == "chunks_task":  # the celery.chunks task itself sends them and returns their group
        sent = app.send_task("celery.chunks", args=[dict(add), pairs, 2])
        return {"result": result_from_tuple(sent.get(timeout=60), app).get(timeout=60)}
    raise SystemExit(f"unknown map {kind}")


def main():
    command = sys.argv[1]
    if command in ("call", "send"):
        name, args = sys.argv[2], json.loads(sys.argv[3])
        options = options_from(sys.argv[4] if len(sys.argv) > 4 else "")
        via = options.pop("via", "send_task")
        if via == "delay":
            result = app.signature(name).delay(*args)
        elif via == "apply_async":
            result = app.tasks[name].apply_async(args=tuple(args), **options)
        else:
            result = app.send_task(name, args=args, **options)
        print(json.dumps(outcome(result, 60) if command == "call" else {"id": result.id}), flush=True)
    elif command == "get":
        timeout = float(sys.argv[3]) if len(sys.argv) > 3 else 60
        print(json.dumps(outcome(app.AsyncResult(sys.argv[2]), timeout)), flush=True)
    elif command == "canvas":
        print(json.dumps(canvas(sys.argv[2])), flush=True)
    elif command == "chord":
        print(json.dumps(run_chord(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 10)), flush=True)
    elif command == "group":
        result = group(app.signature("tests.add", (i, i)) for i in range(int(sys.argv[2])))()
        result.save()
        print(json.dumps({"id": result.id, "ids": [child.id for child in result.results]}), flush=True)
    elif command == "restore":
        result = GroupResult.restore(sys.argv[2], app=app)
        print(json.dumps({"ids": [child.id for child in result.results], "result": result.get(timeout=60)}), flush=True)
    elif command == "map":
        print(json.dumps(run_map(sys.argv[2])), flush=True)
    elif command == "info":
        result = app.AsyncResult(sys.argv[2])
        print(json.dumps({"state": result.state, "info": result.info if not isinstance(result.info, Exception) else repr(result.info)}), flush=True)
    else:
        raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main()
