"""Every prompt the system sends, as Jinja template files shipped as package data.

Each template starts with a small front-matter block (``---`` / ``version: N`` / ``---``). The
recorded version is ``N+<sha256 of the file, 8 hex>`` so an edited file without a bumped number
still shows up as a different prompt in the memo and the audit trail. Templates render with
``StrictUndefined``: a missing variable is an error, never an empty string in front of a model.
A rendered template holds ``=== system ===`` and ``=== user ===`` sections that become chat messages.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import re
from functools import lru_cache

import yaml
from jinja2 import Environment, StrictUndefined
from pydantic import BaseModel

_FRONT = re.compile(r"\A---\n(?P<meta>.*?)\n---\n", re.DOTALL)
_SECTION = re.compile(r"^=== (system|user) ===$", re.MULTILINE)
_ENV = Environment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)


class PromptError(ValueError):
    """A prompt template is missing or malformed."""


class RenderedPrompt(BaseModel):
    name: str
    version: str
    messages: list[dict[str, str]]


@lru_cache(maxsize=32)
def _load(name: str) -> tuple[str, str]:
    """(template body, version) of ``prompts/<name>.md.j2``."""
    resource = importlib.resources.files("underwrite.prompts") / f"{name}.md.j2"
    if not resource.is_file():
        raise PromptError(f"no prompt template named {name!r}")
    raw = resource.read_text(encoding="utf-8")
    match = _FRONT.match(raw)
    if match is None:
        raise PromptError(f"prompt {name!r} lacks its front-matter (--- version: N ---)")
    meta = yaml.safe_load(match.group("meta")) or {}
    if "version" not in meta:
        raise PromptError(f"prompt {name!r} front-matter has no version")
    digest = hashlib.sha256(raw.encode("utf-8")).hexdigest()[:8]
    return raw[match.end() :], f"{meta['version']}+{digest}"


def prompt_version(name: str) -> str:
    return _load(name)[1]


def prompt_names() -> list[str]:
    """Every template shipped with the package, by name."""
    root = importlib.resources.files("underwrite.prompts")
    return sorted(p.name.removesuffix(".md.j2") for p in root.iterdir() if p.name.endswith(".md.j2"))


def prompts_version() -> str:
    """All templates' versions in one string ("chat_system 2+1a2b3c4d, memo_claims 1+…"): what an
    eval log records (the harness once looked for a ``PROMPTS_VERSION`` that never existed, so every
    log said "unavailable")."""
    return ", ".join(f"{n} {prompt_version(n)}" for n in prompt_names())


def render_prompt(name: str, **variables: object) -> RenderedPrompt:
    """Render ``name`` into chat messages; every variable the template uses must be given."""
    body, version = _load(name)
    text = _ENV.from_string(body).render(**variables)
    parts = _SECTION.split(text)
    messages = [
        {"role": role, "content": content.strip()}
        for role, content in zip(parts[1::2], parts[2::2], strict=True)
    ]
    if not messages:
        raise PromptError(f"prompt {name!r} rendered no === system === / === user === sections")
    return RenderedPrompt(name=name, version=version, messages=messages)
