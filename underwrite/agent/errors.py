"""Typed errors of the workflow and the review step; each message says what to do."""

from __future__ import annotations


class WorkflowError(Exception):
    """Base of every error the underwriting workflow raises on purpose."""


class EmptyPacketError(WorkflowError):
    """The packet folder holds no readable document."""


class ReviewError(WorkflowError):
    """A review decision was rejected; nothing was recorded."""


class NotAwaitingReview(ReviewError):
    """There is no draft memo waiting for review under this application id."""


class ReasonRequired(ReviewError):
    """The decision departs from the recommendation and gives no reason."""


class ExceptionAuthorityRequired(ReviewError):
    """The decision approves over a failed hard rule without naming an exception authority."""


class ApplicationAlreadyDecided(WorkflowError):
    """The application's workflow has finished; a new run needs a new application id."""


class PacketChanged(WorkflowError):
    """The application id has a run drafted from other documents than its folder holds now."""
