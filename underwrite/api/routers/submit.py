"""Submitting applications: a packet of files (multipart), a JSON document of facts, or many."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Header, Request, Response, UploadFile
from fastapi.concurrency import run_in_threadpool
from pydantic import AnyHttpUrl, TypeAdapter, ValidationError

from underwrite.api.auth import Submitter
from underwrite.api.context import context_of
from underwrite.api.problems import ApiProblem
from underwrite.api.schemas import (
    APPLICATION_ID_PATTERN,
    BatchItemOut,
    BatchOut,
    BatchSubmission,
    FactsSubmission,
    Links,
    SubmissionOut,
)
from underwrite.api.submissions import Accepted, accept
from underwrite.tools.intake.detect import detect_media_type
from underwrite.tools.intake.errors import DocumentError
from underwrite.tools.intake.packet import ANSWER_KEYS

router = APIRouter(prefix="/v1", tags=["submit"])
FACTS_SUFFIX = ".facts.json"
"""The facts document is named after the application: the queue identifies a packet by its files'
names and bytes, so two applications with equal facts stay two applications."""
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=200,
        description="A retried request with the same key returns the first result (kept in the database)",
    ),
]


def content_type_is(expected: str) -> Any:
    def check(request: Request) -> None:
        got = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if got != expected:
            raise ApiProblem(
                415,
                "unsupported-media-type",
                "Unsupported media type",
                f"{request.url.path} takes {expected}, not {got or 'a body without Content-Type'}",
            )

    return Depends(check)


def _out(accepted: Accepted, response: Response) -> SubmissionOut:
    response.status_code = 200 if accepted.replay else 202
    if accepted.replay:
        response.headers["Idempotent-Replayed"] = "true"
    base = f"/v1/applications/{accepted.application_id}"
    return SubmissionOut(
        application_id=accepted.application_id,
        job_id=accepted.job_id,
        status="queued",
        idempotent_replay=accepted.replay,
        links=Links(status=base, memo=f"{base}/memo"),
    )


def _checked_files(uploads: list[tuple[str, bytes]], max_files: int) -> list[tuple[str, bytes]]:
    if len(uploads) > max_files:
        raise ApiProblem(
            413, "too-many-files", "Too many files", f"{len(uploads)} files; at most {max_files}"
        )
    names = [Path(name).name for name, _ in uploads]
    for name, (_, data) in zip(names, uploads, strict=True):
        if not name or name.startswith(".") or name in ANSWER_KEYS:
            raise ApiProblem(
                422, "bad-filename", "Unusable file name", f"file name {name!r} cannot be a document"
            )
        if not data:
            raise ApiProblem(422, "empty-file", "Empty file", f"{name} is empty")
        try:
            detect_media_type(data)  # the reader's own check, so a refused file is refused here
        except DocumentError as exc:
            raise ApiProblem(
                415, "unsupported-document", "Unsupported document type", f"{name} {exc}"
            ) from exc
    if len(set(names)) != len(names):
        raise ApiProblem(422, "duplicate-filename", "Duplicate file names", "two files have the same name")
    return list(zip(names, (d for _, d in uploads), strict=True))


def _callback(raw: str | None) -> str | None:
    if raw is None or raw == "":
        return None
    try:
        return str(TypeAdapter(AnyHttpUrl).validate_python(raw))
    except ValidationError as exc:
        raise ApiProblem(
            422, "bad-callback-url", "Invalid callback URL", f"callback_url {raw!r}: not an http(s) URL"
        ) from exc


@router.post(
    "/applications",
    status_code=202,
    response_model=SubmissionOut,
    summary="Submit an application packet (files)",
    dependencies=[content_type_is("multipart/form-data")],
)
async def submit_files(
    request: Request,
    response: Response,
    key: Submitter,
    files: Annotated[list[UploadFile], File(description="The packet's documents")],
    application_id: Annotated[str | None, Form(pattern=APPLICATION_ID_PATTERN)] = None,
    callback_url: Annotated[str | None, Form()] = None,
    idempotency_key: IdempotencyKey = None,
) -> SubmissionOut:
    ctx = context_of(request)
    uploads = [(f.filename or "", await f.read()) for f in files]
    checked = _checked_files(uploads, ctx.config.max_files)
    callback = _callback(callback_url)
    digest = hashlib.sha256(json.dumps([application_id, callback]).encode())
    for name, data in checked:
        digest.update(len(name).to_bytes(8, "big") + name.encode() + len(data).to_bytes(8, "big") + data)

    def write(folder: Path, _application_id: str) -> None:
        for name, data in checked:
            (folder / name).write_bytes(data)

    accepted = await run_in_threadpool(
        accept,
        ctx.queue(),
        key_id=key.key_id,
        idempotency_key=idempotency_key,
        request_sha256=digest.hexdigest(),
        application_id=application_id,
        callback_url=callback,
        write=write,
    )
    request.state.application_id = accepted.application_id
    return _out(accepted, response)


def _accept_facts(request: Request, key_id: str, body: FactsSubmission, idem: str | None) -> Accepted:
    document = json.dumps(body.facts, indent=2, ensure_ascii=False)
    digest = hashlib.sha256(body.model_dump_json().encode()).hexdigest()

    def write(folder: Path, application_id: str) -> None:
        (folder / f"{application_id}{FACTS_SUFFIX}").write_text(document, encoding="utf-8")

    return accept(
        context_of(request).queue(),
        key_id=key_id,
        idempotency_key=idem,
        request_sha256=digest,
        application_id=body.application_id,
        callback_url=None if body.callback_url is None else str(body.callback_url),
        write=write,
    )


@router.post(
    "/applications/facts",
    status_code=202,
    response_model=SubmissionOut,
    summary="Submit an application as a JSON document of facts",
    dependencies=[content_type_is("application/json")],
)
async def submit_facts(
    request: Request,
    response: Response,
    key: Submitter,
    body: FactsSubmission,
    idempotency_key: IdempotencyKey = None,
) -> SubmissionOut:
    accepted = await run_in_threadpool(_accept_facts, request, key.key_id, body, idempotency_key)
    request.state.application_id = accepted.application_id
    return _out(accepted, response)


@router.post(
    "/batches",
    status_code=202,
    response_model=BatchOut,
    summary="Enqueue many applications for batch drafting",
    dependencies=[content_type_is("application/json")],
)
async def submit_batch(request: Request, key: Submitter, body: BatchSubmission) -> BatchOut:
    items: list[BatchItemOut] = []
    for index, application in enumerate(body.applications):
        try:
            accepted = await run_in_threadpool(_accept_facts, request, key.key_id, application, None)
        except ApiProblem as exc:  # one refused application does not refuse the others
            items.append(
                BatchItemOut(index=index, application_id=application.application_id, error=exc.detail)
            )
            continue
        items.append(
            BatchItemOut(index=index, application_id=accepted.application_id, job_id=accepted.job_id)
        )
    added = sum(1 for i in items if i.error is None)
    return BatchOut(added=added, rejected=len(items) - added, items=items)
