"""Why training data cannot be used: one exception per cause, each message says exactly why."""

from __future__ import annotations


class TrainingDataError(ValueError):
    """The training data cannot be used; the message says exactly why."""


class UnreadableCSVError(TrainingDataError): ...


class MissingTargetError(TrainingDataError): ...


class SingleClassTargetError(TrainingDataError): ...


class NonBinaryTargetError(TrainingDataError): ...


class TooFewRowsError(TrainingDataError): ...
