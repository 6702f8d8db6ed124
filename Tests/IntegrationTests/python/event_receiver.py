"""Prints every Celery event it receives, one JSON object a line, using Celery's own
`app.events.Receiver` (what `celery events` and Flower use). Runs until killed.

  event_receiver.py
"""
import json

from interop_app import app


def main():
    def on_event(event):
        print(json.dumps(event, default=repr), flush=True)

    with app.connection() as connection:
        receiver = app.events.Receiver(connection, handlers={"*": on_event})
        print(json.dumps({"type": "receiver-started"}), flush=True)
        receiver.capture(limit=None, timeout=None, wakeup=False)


if __name__ == "__main__":
    main()
