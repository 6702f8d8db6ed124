"""Command-line Python Celery peer for the interop tests. Prints one JSON line per call.

  peer.py call NAME ARGS_JSON [OPTIONS_JSON]   send with apply_async, wait, print {"result"|"error"...}
  peer.py send NAME ARGS_JSON [OPTIONS_JSON]   send only, print {"id"}
  peer.py get ID [TIMEOUT]                     AsyncResult(ID).get(), print {"result"|"error"...}
  peer.py info ID                              print {"state", "info"}
  peer.py canvas KIND                          run a canvas (chain, link, failed_chain, errback), print what came of it
"""
import datetime
import json
import sys
import time

from celery import chain

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
    elif command == "info":
        result = app.AsyncResult(sys.argv[2])
        print(json.dumps({"state": result.state, "info": result.info if not isinstance(result.info, Exception) else repr(result.info)}), flush=True)
    else:
        raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main()
