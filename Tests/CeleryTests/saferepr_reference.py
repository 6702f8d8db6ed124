"""Celery's own saferepr, for CelerySafeRepr's tests.

Reads one JSON case per line: {"value": ..., "tuple": bool, "limit": int or null}; "tuple" makes the value (a list) a
tuple, as task arguments are. Prints saferepr(value, limit) of each as one JSON string per line.
"""
import json
import sys

from celery.utils.saferepr import saferepr

for line in sys.stdin:
    case = json.loads(line)
    value = tuple(case["value"]) if case["tuple"] else case["value"]
    print(json.dumps(saferepr(value, case["limit"])))
