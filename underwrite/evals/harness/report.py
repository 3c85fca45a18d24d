"""The HTML report: one jinja2 template (package data), plots embedded so the file travels alone."""

from __future__ import annotations

import base64
import importlib.resources
import math
from pathlib import Path

import jinja2

from underwrite.evals.harness.types import EvalLog

REPORT_NAME = "report.html"


def _environment() -> jinja2.Environment:
    templates = importlib.resources.files("underwrite.evals").joinpath("templates")
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(lambda name: templates.joinpath(name).read_text(encoding="utf-8")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["num"] = format_number
    return env


def format_number(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        return f"{value:.4g}" if abs(value) < 1e5 else f"{value:,.0f}"
    return str(value)


def _embed(out_dir: Path, relative: str) -> str:
    path = out_dir / relative
    if not path.is_file():
        return ""
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def render_report(log: EvalLog, out_dir: Path) -> Path:
    images = {p.path: _embed(out_dir, p.path) for s in log.suites for p in s.plots}
    html = _environment().get_template("report.html.j2").render(log=log, images=images)
    path = out_dir / REPORT_NAME
    path.write_text(html, encoding="utf-8")
    return path
