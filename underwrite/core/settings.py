"""All runtime configuration, read from the environment (prefix ``UW_``) in one place.

Every other module asks :func:`get_settings` instead of reading ``os.environ`` itself, so that a
deployment can be understood from ``underwrite config --json`` alone.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

# Nothing in this product may reach a model hub; set before any HF library is imported.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


class Settings(BaseSettings):
    """Deployment settings. Field names map to ``UW_<NAME>`` environment variables."""

    model_config = SettingsConfigDict(env_prefix="UW_", env_file=None, extra="ignore")

    home: Path = Field(
        default=Path.home() / ".underwrite",
        description="Data directory: database, Chroma, models, outputs, logs.",
    )
    # LLM: empty URL means "start the embedded llama.cpp server ourselves".
    llm_url: str = Field(default="", description="OpenAI-compatible base URL, e.g. http://gpu:8000/v1")
    llm_model: str = Field(default="smollm2-135m-instruct", description="Served model name")
    llm_api_key: SecretStr = Field(default=SecretStr("not-needed"))
    llm_timeout_s: float = Field(default=120.0, gt=0)
    llm_max_retries: int = Field(default=3, ge=0)
    llm_port: int = Field(default=8765, description="Port of the embedded llama.cpp server")
    llm_ctx: int = Field(default=8192, ge=512, description="Context length of the embedded model")
    # LLM repair rounds after a draft fails verification; None picks by backend: one for a served
    # model, none for the embedded 135M model: a round rescued 3 of its 20 failed drafts and cost
    # about a third of each memo's time (see README, "Memo repair rounds").
    memo_repair_rounds: int | None = Field(
        default=None, ge=0, le=3, description="Repair rounds after a failed draft (None: by backend)"
    )
    # How a memo's narrative is written: claims bound to evidence (model), code alone, or the older
    # whole-narrative draft; auto = claims for a served model, deterministic for the embedded one.
    memo_narrative: Literal["auto", "claims", "deterministic", "narrative"] = Field(
        default="auto", description="Memo narrative path (auto: by backend)"
    )
    # Score model the workflow, `underwrite score` and the tools use when no bundle is passed (e.g. a
    # federated bundle from `underwrite train --federated`); empty: the default German model.
    score_bundle: Path | None = Field(default=None, description="Score model bundle directory")
    # Database: empty means SQLite under home.
    database_url: str = Field(default="", description="SQLAlchemy URL; default SQLite in home")
    # Precedents indexed by ensure_index(): None = all (~14.5k). A small number (e.g. 300) keeps
    # first-run setup of CI / integration tests short; search results then come from that subset.
    precedent_limit: int | None = Field(default=None, ge=0, description="Index only N precedents")
    # Torch threads while building the index (a one-time step that normally runs alone): all cores
    # embed 14.5k precedents ~1.6-2x faster than one on an idle 2-core box; set 1 where the build
    # shares the cores with other work (threads then wait on each other). Queries always use one.
    index_threads: int = Field(
        default_factory=lambda: os.cpu_count() or 1, ge=1, description="Torch threads for index builds"
    )
    # Sentence encoder backend (scoring and retrieval share it). onnx / onnx-int8 export the packaged
    # MiniLM once into home/cache/encoder and run it on onnxruntime; a failed export falls back to
    # torch with the reason logged. Default torch: an export costs ~15 s per data directory, and int8
    # measured only ~1.2x torch on this CPU (README, `underwrite bench encoder`), short of the 2x aim.
    encoder_backend: Literal["torch", "onnx", "onnx-int8"] = Field(
        default="torch", description="Sentence encoder runtime: torch | onnx | onnx-int8"
    )
    chroma_mode: Literal["embedded", "http"] = "embedded"
    chroma_host: str = "127.0.0.1"
    chroma_port: int = 8000
    # Document reader limits.
    max_document_bytes: int = Field(default=20 * 1024 * 1024, gt=0)
    max_pdf_pages: int = Field(default=200, gt=0)
    # OCR of scans and images (Debian tesseract-ocr + language packs). Languages are tried together;
    # ones whose pack is not installed are left out with a note on the document.
    tesseract_cmd: str = Field(default="tesseract", description="Tesseract executable (name or path)")
    ocr_languages: str = Field(default="eng+deu", description="Tesseract languages, '+'-separated")
    ocr_dpi: int = Field(default=300, ge=72, le=600, description="Resolution PDF pages are rendered at")
    ocr_timeout_s: float = Field(default=60.0, gt=0, description="Limit per page for one Tesseract run")
    # Prose fields `underwrite read --llm` asks the LLM for (comma-separated); None picks by backend:
    # none for the embedded 135M model (it added no correct field over the rules in the measurement,
    # README "Prose"), all prose fields for a served model (UW_LLM_URL).
    prose_llm_fields: str | None = Field(default=None, description="Prose fields asked of the LLM")
    # Money stated in another currency is converted to EUR with this dated table (JSON, see
    # tools/intake/extraction/fx_rates.json); None: the packaged ECB reference-rate table.
    fx_rates: Path | None = Field(default=None, description="Currency rate table (JSON) for conversion")
    log_level: str = "INFO"
    # Keys kept outside the database (hex). Empty: a key file under home/keys, created on first use.
    audit_key: SecretStr | None = Field(default=None, description="HMAC key for audit records (hex)")
    audit_key_id: str = Field(default="", max_length=40, description="Id recorded with audit_key")
    pseudonym_key: SecretStr | None = Field(default=None, description="HMAC key for pseudonyms (hex)")
    # Agent checkpoints hold the application's facts (names, IBANs, income): encrypted at rest.
    checkpoint_key: SecretStr | None = Field(
        default=None, description="AES-256-GCM key for agent checkpoints (hex, 32 bytes)"
    )
    # Append-only file of signed chain-head checkpoints; keep it on storage the database's writers
    # cannot write (empty: home/audit/checkpoints.log).
    audit_checkpoints: Path | None = Field(default=None, description="Audit checkpoint file")

    @property
    def db_path(self) -> Path:
        return self.home / "underwrite.db"

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.db_path}"

    @property
    def chroma_dir(self) -> Path:
        return self.home / "chroma"

    @property
    def models_dir(self) -> Path:
        return self.home / "models"

    @property
    def outputs_dir(self) -> Path:
        return self.home / "outputs"

    @property
    def logs_dir(self) -> Path:
        return self.home / "logs"

    @property
    def checkpoints_path(self) -> Path:
        return self.home / "checkpoints.sqlite"

    @property
    def audit_checkpoints_path(self) -> Path:
        return self.audit_checkpoints or self.home / "audit" / "checkpoints.log"

    def ensure_dirs(self) -> None:
        for directory in (self.home, self.chroma_dir, self.models_dir, self.outputs_dir, self.logs_dir):
            directory.mkdir(parents=True, exist_ok=True)

    def public_dict(self) -> dict[str, object]:
        """Settings as JSON-safe values, secrets masked, derived paths included."""
        data = self.model_dump(mode="json")
        data["llm_api_key"] = "***"
        for secret in ("audit_key", "pseudonym_key", "checkpoint_key"):
            data[secret] = "***" if data.get(secret) else None
        data["resolved_database_url"] = _mask_url_password(self.resolved_database_url)
        data["database_url"] = _mask_url_password(self.database_url)
        for name in (
            "chroma_dir",
            "models_dir",
            "outputs_dir",
            "logs_dir",
            "checkpoints_path",
            "audit_checkpoints_path",
        ):
            data[name] = str(getattr(self, name))
        return data


def _mask_url_password(url: str) -> str:
    if "://" not in url or "@" not in url:
        return url
    scheme, rest = url.split("://", 1)
    creds, host = rest.rsplit("@", 1)
    user = creds.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


def reset_settings_cache() -> None:
    """Tests change ``UW_*`` variables; this makes the next call re-read them."""
    get_settings.cache_clear()
