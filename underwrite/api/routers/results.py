"""An application's status and results: progress, facts with provenance, score, findings, memo."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from underwrite.api.auth import Reader
from underwrite.api.context import context_of
from underwrite.api.problems import ApiProblem
from underwrite.api.reading import combined_status, job_of, ready_run, status_of
from underwrite.api.routers import AppId
from underwrite.api.schemas import FactsOut, FindingsOut, MemoEditOut, MemoOut, ScoreOut, StatusOut
from underwrite.records.memo_edits import current_edit
from underwrite.tools.exports import ExportError, write_memo

router = APIRouter(prefix="/v1/applications", tags=["results"])
DOWNLOADS = {
    "md": "text/markdown; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "json": "application/json",
}


@router.get("/{application_id}", response_model=StatusOut, summary="Status and per-step progress")
async def status(request: Request, application_id: AppId, key: Reader) -> StatusOut:
    out = await run_in_threadpool(status_of, context_of(request).queue(), application_id, key)
    request.state.observed = out.status  # polls are audited when this changes (call_audit)
    return out


@router.get("/{application_id}/facts", response_model=FactsOut, summary="Facts with provenance")
async def facts(request: Request, application_id: AppId, key: Reader) -> FactsOut:
    queue = context_of(request).queue()
    run = await run_in_threadpool(ready_run, queue, application_id, key, "application", "facts")
    assert run.application is not None
    docs = [
        {"doc_id": d.doc_id, "filename": d.filename, "media_type": d.media_type.value, "pages": len(d.pages)}
        for d in run.application.documents
    ]
    return FactsOut(application_id=application_id, facts=run.application.facts, documents=docs)


@router.get("/{application_id}/score", response_model=ScoreOut, summary="Score (PD, grade) with reasons")
async def score(request: Request, application_id: AppId, key: Reader) -> ScoreOut:
    run = await run_in_threadpool(ready_run, context_of(request).queue(), application_id, key, "score")
    assert run.score is not None
    return ScoreOut(application_id=application_id, score=run.score)


@router.get("/{application_id}/findings", response_model=FindingsOut, summary="Policy rule findings")
async def findings(request: Request, application_id: AppId, key: Reader) -> FindingsOut:
    run = await run_in_threadpool(ready_run, context_of(request).queue(), application_id, key, "findings")
    return FindingsOut(
        application_id=application_id, findings=run.findings, missing_documents=run.missing_documents
    )


@router.get("/{application_id}/memo", response_model=MemoOut, summary="The memo (JSON)")
async def memo(request: Request, application_id: AppId, key: Reader) -> MemoOut:
    queue = context_of(request).queue()
    run = await run_in_threadpool(ready_run, queue, application_id, key, "memo")
    assert run.memo is not None
    job = await run_in_threadpool(job_of, queue, application_id, key)
    edit = await run_in_threadpool(current_edit, application_id, run.memo)
    base = f"/v1/applications/{application_id}/memo/"
    return MemoOut(
        application_id=application_id,
        status=combined_status(run, job),
        memo=run.memo,
        edit=None if edit is None else MemoEditOut.model_validate(edit.model_dump()),
        downloads={fmt: base + fmt for fmt in DOWNLOADS},
        original_downloads={fmt: f"{base}{fmt}?version=original" for fmt in DOWNLOADS},
    )


@router.get(
    "/{application_id}/memo/{fmt}",
    summary="Download the memo as Markdown, DOCX, PDF or JSON",
    response_class=FileResponse,
    responses={200: {"content": {media: {} for media in DOWNLOADS.values()}}},
)
async def memo_download(
    request: Request,
    application_id: AppId,
    fmt: Literal["md", "docx", "pdf", "json"],
    key: Reader,
    version: Annotated[
        Literal["current", "original"],
        Query(description="current: the underwriter's edited text when there is one; original: as drafted"),
    ] = "current",
) -> FileResponse:
    run = await run_in_threadpool(ready_run, context_of(request).queue(), application_id, key, "memo")
    assert run.memo is not None
    edit = None if version == "original" else await run_in_threadpool(current_edit, application_id, run.memo)
    folder = Path(tempfile.mkdtemp(prefix="uw-memo-"))
    suffix = "-edited" if edit is not None else ""
    target = folder / f"{application_id}-memo{suffix}.{fmt}"
    try:
        await run_in_threadpool(write_memo, run.memo, target, edit)
    except ExportError as exc:
        raise ApiProblem(500, "export-failed", "The memo could not be exported", str(exc)) from exc
    return FileResponse(
        target,
        media_type=DOWNLOADS[fmt],
        filename=target.name,
        background=BackgroundTask(_remove, folder),
    )


def _remove(folder: Path) -> None:
    for child in folder.iterdir():
        child.unlink(missing_ok=True)
    folder.rmdir()
