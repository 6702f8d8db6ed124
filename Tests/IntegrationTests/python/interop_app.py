"""A tiny Celery app used as the Python peer of the Swift worker and producer in the interop tests.

Its broker and result backend come from REDIS_URL (and CELERY_BROKER_TRANSPORT_OPTIONS). Tasks named `tests.*` are served by the Swift
test worker; the `py.*` tasks are served by a Python worker started on this module.
"""
import json
import os
import time

from celery import Celery

# Extra transport options (a Sentinel master's name) come as JSON, the variable the Swift side reads too.
transport_options = json.loads(os.environ.get("CELERY_BROKER_TRANSPORT_OPTIONS") or "{}")
app = Celery("interop", broker=os.environ["REDIS_URL"], backend=os.environ["REDIS_URL"])
app.conf.update(
    task_serializer="json",
    accept_content=["json"],
    result_serializer="json",
    enable_utc=True,
    broker_transport_options={"visibility_timeout": int(os.environ.get("VISIBILITY_TIMEOUT", "3600")),
                              **transport_options},
    result_backend_transport_options=transport_options,
)


@app.task(name="py.add")
def add(x, y):
    return x + y


@app.task(name="py.describe")
def describe(value):
    """What Python received: the value, its type's name and its repr (an int stays an int of any size)."""
    return {"value": value, "type": type(value).__name__, "repr": repr(value)}


@app.task(name="py.boom")
def boom():
    raise ValueError("python says no", 7)


@app.task(name="py.slow_add", bind=True)
def slow_add(self, x, y):
    self.update_state(state="PROGRESS", meta={"done": 1, "total": 2})
    time.sleep(0.3)
    return x + y


@app.task(name="tests.noop")
def noop():
    """The benchmark's no-op, served by Python and Swift workers alike."""
    return None


@app.task(name="backend.tasks.generate_poster_task", bind=True)
def generate_poster_task(self, request_data):
    """Stand-in for the original's poster task (same name, one dict argument): reports PROGRESS once and
    returns the original's result shape, echoing the request it received."""
    self.update_state(state="PROGRESS", meta={"current": 10, "total": 100, "status": "Decoding parameters..."})
    key = f"{request_data['city'].lower()}_{request_data['style']}_python.{request_data['format']}"
    return {"success": True, "file_url": f"/minio_storage/posters/{key}", "cached": False,
            "received": request_data}


@app.task(name="py.burn")
def burn(seconds):
    """Keeps a CPU busy, for the remote-control benchmark."""
    until = time.time() + seconds
    spins = 0
    while time.time() < until:
        spins += 1
    return 1
