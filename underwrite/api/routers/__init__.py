"""One router per resource: submissions, results, reviews, audit, queue."""

from typing import Annotated

from fastapi import Path

from underwrite.api.tenancy import SCOPED_ID_PATTERN

AppId = Annotated[str, Path(pattern=SCOPED_ID_PATTERN, description="The application's id")]
