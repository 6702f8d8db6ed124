"""Calls examples.word_stats as a Python client does and prints what get() returned, as one JSON line.

  call.py TEXT [TOP]     word_stats.delay(TEXT[, TOP]).get()
  call.py --kw TEXT TOP  word_stats.delay(text=TEXT, top=TOP).get()
On failure it prints {"error_type", "error"} with the exception Python raised.
"""
import json
import sys

from stats_app import word_stats

arguments = sys.argv[1:]
keywords = arguments[:1] == ["--kw"]
try:
    if keywords:
        result = word_stats.delay(text=arguments[1], top=int(arguments[2]))
    else:
        result = word_stats.delay(arguments[0], *[json.loads(a) for a in arguments[1:]])
    print(json.dumps({"result": result.get(timeout=60)}), flush=True)
except Exception as error:  # report the exception Python rebuilt from the Swift failure
    print(json.dumps({"error_type": type(error).__name__, "error": str(error)}), flush=True)
