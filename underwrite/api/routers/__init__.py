"""One router per resource: submissions, results, reviews, audit, queue."""

from typing import Annotated

from fastapi import Path

from underwrite.api.schemas import APPLICATION_ID_PATTERN

AppId = Annotated[str, Path(pattern=APPLICATION_ID_PATTERN, description="The application's id")]
