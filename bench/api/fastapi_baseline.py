"""The baseline of bench/api/run: the Python original's two hot endpoints, as it wrote them — FastAPI with
a pydantic PosterRequest, `generate_poster_task.delay(body.model_dump())`, and `AsyncResult` for
/tasks/{id} — served by uvicorn. No rate limit (the Swift API's is raised for the benchmark too)."""
import os
import sys

from celery import Celery
from celery.result import AsyncResult
from fastapi import FastAPI

# The original's request schema, kept once: the copy PosterJobTests compares the Swift schema against.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tests", "PosterJobTests"))
from pydantic_reference import PosterRequest  # noqa: E402

REDIS_URL = os.environ["REDIS_URL"]
celery_app = Celery("maptoposter", broker=REDIS_URL, backend=REDIS_URL)
celery_app.conf.update(task_serializer="json", accept_content=["json"], result_serializer="json", enable_utc=True)


@celery_app.task(bind=True, name="backend.tasks.generate_poster_task")
def generate_poster_task(self, request_data):
    return None


app = FastAPI(title="MapPoster Generator API (Async)")


@app.post("/generate")
async def generate(body: PosterRequest):
    task = generate_poster_task.delay(body.model_dump())
    return {"task_id": task.id}


@app.get("/tasks/{task_id}")
async def task_status(task_id: str):
    result = AsyncResult(task_id, app=celery_app)
    response = {"task_id": task_id, "status": result.status, "result": None, "error": None}
    if result.status == "PENDING":
        response["progress"] = {"current": 0, "total": 100, "status": "Pending..."}
    elif result.status == "PROGRESS":
        response["progress"] = result.info
    elif result.status == "SUCCESS":
        response["result"] = result.result
        response["progress"] = {"current": 100, "total": 100, "status": "Completed"}
    elif result.status == "FAILURE":
        response["error"] = str(result.info)
    return response
