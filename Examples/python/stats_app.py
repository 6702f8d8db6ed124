"""The Python side of the example: a Celery app with the same task the Swift service serves.

Its broker and result backend come from REDIS_URL. A Python fleet that runs this module can hand
`examples.word_stats` to the Swift service, or take it back, without either caller noticing.
"""
import collections
import os

from celery import Celery

app = Celery("stats", broker=os.environ["REDIS_URL"], backend=os.environ["REDIS_URL"])
app.conf.update(task_serializer="json", accept_content=["json"], result_serializer="json")


@app.task(name="examples.word_stats")
def word_stats(text, top=3):
    words = text.lower().split()
    counts = collections.Counter(words)
    return {"words": len(words), "unique": len(counts), "top": [word for word, _ in counts.most_common(top)]}
