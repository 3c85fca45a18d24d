"""The feature schema a bundle was trained with: which inputs, their types, and what was left out."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

TextVariant = Literal["none", "serialised", "prose"]
DecimalMark = Literal[".", ","]
NARRATIVE_GROUP = "application_narrative"


class FeatureSchema(BaseModel):
    dataset: str = Field(description="Dataset name or CSV file name the model was trained on")
    target: str
    numeric: list[str]
    categorical: list[str]
    categories: dict[str, list[str]] = Field(description="Category levels seen in training, per column")
    ordinal: dict[str, list[str]] = Field(
        default_factory=dict, description="Ordered categories that also get a numeric rank column"
    )
    prose: list[str] = Field(default_factory=list, description="Free-text columns (only ever embedded)")
    excluded: dict[str, str] = Field(default_factory=dict, description="Column -> why it is not an input")
    monotone: dict[str, int] = Field(default_factory=dict)
    text_variant: TextVariant = "none"
    pca_dims: int = 0
    ratios: dict[str, list[str]] = Field(
        default_factory=dict, description="Derived column -> [numerator, denominator] (numeric inputs)"
    )
    decimal_mark: DecimalMark = Field(
        default=".", description="Decimal mark of the training file; text amounts are read the same way"
    )
    column_marks: dict[str, DecimalMark] = Field(
        default_factory=dict,
        description="Numeric column -> its own decimal mark, where its values settle the other one",
    )
    durations: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Numeric input -> [date column, application-date column]: years between them",
    )
    date_formats: dict[str, str] = Field(
        default_factory=dict, description="Raw date column -> the strptime format the training file used"
    )

    @property
    def inputs(self) -> list[str]:
        """Raw input columns (what a caller must supply; missing ones become NaN).

        A duration is supplied as its two dates, never as the number of years.
        """
        dates = [c for pair in self.durations.values() for c in pair]
        numeric = [c for c in self.numeric if c not in self.durations]
        return list(dict.fromkeys([*numeric, *dates, *self.categorical, *self.prose]))

    @property
    def tabular_columns(self) -> list[str]:
        """Columns of the LightGBM matrix before the text block, in order."""
        ranks = (rank_column(c) for c in self.ordinal)
        return [*self.numeric, *self.categorical, *ranks, *self.ratios]

    @property
    def text_columns(self) -> list[str]:
        if self.text_variant == "none":
            return []
        return ["narrative_score", *(f"narrative_pc{i + 1}" for i in range(self.pca_dims))]

    @property
    def model_columns(self) -> list[str]:
        return [*self.tabular_columns, *self.text_columns]

    def group_of(self, column: str) -> str:
        """The input a model column explains: rank columns fold into their category, text into one factor."""
        if column in self.text_columns:
            return NARRATIVE_GROUP
        for base in self.ordinal:
            if column == rank_column(base):
                return base
        return column


def rank_column(column: str) -> str:
    return f"{column}_rank"
