"""Submitting applications: a packet of files (multipart), a JSON document of facts, or many."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Header, Request, Response, UploadFile
from fastapi.concurrency import run_in_threadpool
from pydantic import AnyHttpUrl, TypeAdapter, ValidationError

from underwrite.api import batches
from underwrite.api.auth import Submitter
from underwrite.api.callback_hosts import CallbackRefused
from underwrite.api.context import ApiContext, context_of
from underwrite.api.keys import ApiKeyInfo
from underwrite.api.problems import ApiProblem
from underwrite.api.schemas import (
    APPLICATION_ID_PATTERN,
    BatchItemOut,
    BatchOut,
    BatchSubmission,
    FactsSubmission,
    Links,
    SubmissionOut,
    refused_callback_host,
)
from underwrite.api.submissions import Accepted, WriteFiles, accept
from underwrite.tools.intake.detect import detect_media_type
from underwrite.tools.intake.errors import DocumentError, TooLargeError
from underwrite.tools.intake.packet import ANSWER_KEYS, OS_JUNK_NAMES

router = APIRouter(prefix="/v1", tags=["submit"])
_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
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


def _refused_name(name: str) -> str | None:
    """Why an uploaded file's name cannot be a document's, or None. A name is used as given, never
    cleaned up: one that names a folder ("../x", "C:\\x") is refused, not quietly shortened."""
    if not name:
        return "a file has no name"
    if "/" in name or "\\" in name:
        return "send the file's own name, without a folder"
    # Cc: C0, DEL and C1 (a name that is not UTF-8 arrives decoded as Latin-1, bytes 0x80-0x9F
    # as C1 controls); bidi controls make a name display as another ("x\u202efdp.exe").
    if any(unicodedata.category(c) == "Cc" for c in name):
        return "control characters"
    if any(c in _BIDI_CONTROLS for c in name):
        return "bidirectional text controls (the name would display as a different name)"
    if len(name.encode()) > 200:
        return "longer than 200 bytes"
    if name.startswith(".") or name in ANSWER_KEYS or name in OS_JUNK_NAMES:
        return "the packet reader skips files of this name"
    return None


def _checked_files(uploads: list[tuple[str, bytes]], max_files: int) -> list[tuple[str, bytes]]:
    if len(uploads) > max_files:
        raise ApiProblem(
            413, "too-many-files", "Too many files", f"{len(uploads)} files; at most {max_files}"
        )
    for name, data in uploads:
        why = _refused_name(name)
        if why is not None:
            raise ApiProblem(
                422, "bad-filename", "Unusable file name", f"file name {name!r} cannot be a document: {why}"
            )
        if not data:
            raise ApiProblem(422, "empty-file", "Empty file", f"{name} is empty")
        try:
            detect_media_type(data)  # the reader's own check, so a refused file is refused here
        except TooLargeError as exc:  # a ZIP bomb: too large once unpacked
            raise ApiProblem(413, "too-large", "Document too large", f"{name} {exc}") from exc
        except DocumentError as exc:
            raise ApiProblem(
                415, "unsupported-document", "Unsupported document type", f"{name} {exc}"
            ) from exc
    if len({name for name, _ in uploads}) != len(uploads):
        raise ApiProblem(422, "duplicate-filename", "Duplicate file names", "two files have the same name")
    return uploads


def _callback(raw: str | None) -> str | None:
    if raw is None or raw == "":
        return None
    try:
        url = TypeAdapter(AnyHttpUrl).validate_python(raw)
    except ValidationError as exc:
        raise ApiProblem(
            422, "bad-callback-url", "Invalid callback URL", f"callback_url {raw!r}: not an http(s) URL"
        ) from exc
    if (why := refused_callback_host(url)) is not None:
        raise ApiProblem(422, "bad-callback-url", "Invalid callback URL", f"callback_url {raw!r}: {why}")
    return str(url)


@dataclass(frozen=True)
class Submission:
    """One application as either endpoint received it: what ``accept`` needs, nothing else."""

    request_sha256: str
    application_id: str | None
    callback_url: str | None
    write: WriteFiles

    def accept(self, ctx: ApiContext, key: ApiKeyInfo, idempotency_key: str | None) -> Accepted:
        if self.callback_url is not None:  # resolved here, and again at every delivery
            try:
                ctx.callback_guard().addresses(self.callback_url)
            except CallbackRefused as exc:
                raise ApiProblem(422, "bad-callback-url", "Refused callback URL", str(exc)) from exc
        try:
            return accept(
                ctx.queue(),
                key_id=key.key_id,
                idempotency_key=idempotency_key,
                request_sha256=self.request_sha256,
                application_id=self.application_id,
                callback_url=self.callback_url,
                write=self.write,
                tenant=key.tenant,
            )
        except ApiProblem as exc:  # the queue's reason names the other application: not to a tenant
            if key.tenant is None or exc.slug != "packet-rejected":
                raise
            # Only the tenant's own packets count as duplicates for it (queue.adding).
            detail = "these documents were already submitted as another application of this tenant"
            raise ApiProblem(exc.status, exc.slug, exc.title, detail) from exc


def files_submission(
    checked: list[tuple[str, bytes]], application_id: str | None, callback: str | None
) -> Submission:
    digest = hashlib.sha256(json.dumps([application_id, callback]).encode())
    for name, data in checked:
        digest.update(len(name).to_bytes(8, "big") + name.encode() + len(data).to_bytes(8, "big") + data)

    def write(folder: Path, _application_id: str) -> None:
        for name, data in checked:
            (folder / name).write_bytes(data)

    return Submission(digest.hexdigest(), application_id, callback, write)


def facts_submission(body: FactsSubmission) -> Submission:
    document = json.dumps(body.facts, indent=2, ensure_ascii=False)

    def write(folder: Path, application_id: str) -> None:
        (folder / f"{application_id}{FACTS_SUFFIX}").write_text(document, encoding="utf-8")

    callback = None if body.callback_url is None else str(body.callback_url)
    digest = hashlib.sha256(body.model_dump_json().encode()).hexdigest()
    return Submission(digest, body.application_id, callback, write)


async def _submit(
    request: Request, response: Response, key: ApiKeyInfo, submission: Submission, idempotency_key: str | None
) -> SubmissionOut:
    """The one path of both single-submit endpoints, from an accepted request to its response."""
    accepted = await run_in_threadpool(submission.accept, context_of(request), key, idempotency_key)
    request.state.application_id = accepted.application_id
    return _out(accepted, response)


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
    uploads = [(f.filename or "", await f.read()) for f in files]
    # Masked in the call's audit record, as sent and as a refusal quotes it (repr, for controls).
    request.state.upload_names = [n for name, _ in uploads if name for n in (name, repr(name)[1:-1])]
    checked = _checked_files(uploads, context_of(request).config.max_files)
    submission = files_submission(checked, application_id, _callback(callback_url))
    return await _submit(request, response, key, submission, idempotency_key)


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
    return await _submit(request, response, key, facts_submission(body), idempotency_key)


def _run_batch(ctx: ApiContext, key: ApiKeyInfo, body: BatchSubmission, idem: str | None) -> BatchOut:
    request_sha256 = hashlib.sha256(body.model_dump_json().encode()).hexdigest()
    if idem is not None:
        done = batches.claim(ctx.queue(), key.key_id, idem, request_sha256)
        if done is not None:
            return done.model_copy(update={"idempotent_replay": True})
    items: list[BatchItemOut] = []
    for index, application in enumerate(body.applications):
        item_idem = None if idem is None else batches.item_key(idem, index)
        try:
            accepted = facts_submission(application).accept(ctx, key, item_idem)
        except ApiProblem as exc:  # one refused application does not refuse the others
            items.append(
                BatchItemOut(index=index, application_id=application.application_id, error=exc.detail)
            )
            continue
        items.append(
            BatchItemOut(index=index, application_id=accepted.application_id, job_id=accepted.job_id)
        )
    added = sum(1 for i in items if i.error is None)
    out = BatchOut(added=added, rejected=len(items) - added, items=items)
    if idem is not None:
        batches.finish(ctx.queue(), key.key_id, idem, out)
    return out


@router.post(
    "/batches",
    status_code=202,
    response_model=BatchOut,
    summary="Enqueue many applications for batch drafting",
    dependencies=[content_type_is("application/json")],
)
async def submit_batch(
    request: Request,
    response: Response,
    key: Submitter,
    body: BatchSubmission,
    idempotency_key: IdempotencyKey = None,
) -> BatchOut:
    out = await run_in_threadpool(_run_batch, context_of(request), key, body, idempotency_key)
    if out.idempotent_replay:
        response.status_code = 200
        response.headers["Idempotent-Replayed"] = "true"
    return out
