"""Writes the seed corpus of the Celery decoder fuzzer (scripts/fuzz) from what real Celery and kombu put
in Redis: task messages of protocol v2 and v1 with every option, compressed bodies, canvas embeds, and
remote-control requests. Needs a redis-server on REDIS_URL (scripts/fuzz starts one).

    python3 Fuzz/make_corpus.py Fuzz/corpus
"""
import datetime
import hashlib
import os
import sys

from celery import Celery, chain, chord, group

url = os.environ["REDIS_URL"]
out = sys.argv[1]
os.makedirs(out, exist_ok=True)


def app_with(**conf):
    app = Celery("fuzz", broker=url, backend=url)
    app.conf.update(task_serializer="json", accept_content=["json"], **conf)
    return app


app = app_with()
client = app.broker_connection().default_channel.client


def drain():
    for key in client.keys("*"):
        kind = client.type(key).decode()
        if kind == "list":
            for raw in client.lrange(key, 0, -1):
                name = hashlib.sha1(raw).hexdigest()[:16]
                with open(os.path.join(out, name), "wb") as seed:
                    seed.write(raw)
    client.flushdb()


sig = app.signature
now = datetime.datetime.now(datetime.timezone.utc)
app.send_task("tests.add", args=[1, 2])
app.send_task("tests.add", args=[2**70, -1.5e300], kwargs={"city": "Zürich", "note": "it's \u200b"})
app.send_task("tests.add", args=[1], countdown=3, expires=600, priority=7, retries=2)
app.send_task("tests.add", args=[1], eta=now, expires=now + datetime.timedelta(days=1))
app.send_task("tests.add", args=[1], time_limit=30, soft_time_limit=10, ignore_result=True)
app.send_task("tests.add", args=[1], time_limit=float("inf"), soft_time_limit=float("nan"))
app.send_task("tests.add", args=[[{"a": [None, True, {"b": "c"}]}]], queue="other", routing_key="other")
sig("tests.add", (1, 1)).apply_async(link=sig("tests.add", (10,)), link_error=sig("tests.record"))
chain(sig("tests.add", (2, 2)), sig("tests.add", (4,)), sig("tests.add", (8,)))()
chord([sig("tests.add", (i, i)) for i in range(3)])(sig("tests.add", (1,)))
group(sig("tests.add", (i, i)) for i in range(2))()
for method in ("zlib", "bzip2", "lzma", "gzip"):
    app.send_task("tests.add", args=[3, 4], compression=method)
drain()
app_with(task_protocol=1).send_task("tests.add", args=[5, 6], countdown=1)
drain()
# Remote control requests go over pub/sub, not lists: capture them by publishing through the mailbox.
pubsub = client.pubsub()
pubsub.psubscribe("/0.celery.pidbox", "/*")
app.control.broadcast("ping", reply=False)
app.control.revoke("0b0e6a0e-0000-4000-8000-000000000000", terminate=True, signal="SIGKILL")
app.control.time_limit("tests.add", soft=1e21, hard=float("inf"), reply=False)
app.control.rate_limit("tests.add", "1e-300/s", reply=False)
for message in iter(lambda: pubsub.get_message(timeout=1), None):
    if message["type"] == "pmessage":
        raw = message["data"]
        with open(os.path.join(out, "control-" + hashlib.sha1(raw).hexdigest()[:12]), "wb") as seed:
            seed.write(raw)
# Hand-made malformed inputs of the kinds seen in queues: not JSON, wrong shapes, bad base64, deep nesting.
for name, raw in {
    "bad-text": b"not json at all",
    "bad-list": b"[1, 2, 3]",
    "bad-base64": b'{"body": "%%%", "content-type": "application/json", "headers": {"task": "t", "id": "x"}, '
    b'"properties": {"body_encoding": "base64", "delivery_tag": "T"}}',
    "bad-nesting": b"[" * 600 + b"]" * 600,
    "bad-surrogate": b'{"body": "\\ud800", "headers": {"task": "t", "id": "\\udfff"}, "properties": {}}',
    "bad-utf8": b'{"body": "\xff\xfe", "headers": {}, "properties": {"delivery_tag": "\xc3"}}',
}.items():
    with open(os.path.join(out, name), "wb") as seed:
        seed.write(raw)
os._exit(0)  # Skip Celery's result-backend clean-up at interpreter exit: it reconnects to print errors.
