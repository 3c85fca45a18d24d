"""Applicant statements for the "text that matters" benchmark: purpose, job and housing told in prose.

German credit has no free text, so the benchmark writes what an applicant might: two phrasings
per value, worded unlike the dataset's category labels, picked and ordered by a per-row seed, so
the model has to read meaning rather than match a label string.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

MOVED_TO_PROSE = ("loan_purpose", "job_category", "housing_status")

_PHRASES: dict[str, dict[str, list[str]]] = {
    "loan_purpose": {
        "car (new)": ["I want to buy a brand-new car.", "The loan is for a new vehicle from the dealer."],
        "car (used)": ["I am buying a second-hand car.", "The money is for a used car I found."],
        "furniture/equipment": [
            "We need furniture for the flat.",
            "I am furnishing my home with new furniture.",
        ],
        "radio/television": [
            "I would like a new television and sound system.",
            "It is for a TV and a radio.",
        ],
        "domestic appliances": [
            "Our washing machine and fridge need replacing.",
            "I am buying kitchen appliances.",
        ],
        "repairs": ["The house needs urgent repairs.", "I have to pay for repair work."],
        "education": [
            "The loan pays for my studies.",
            "I need to finance tuition for a course at university.",
        ],
        "retraining": [
            "I am retraining for a new profession.",
            "It funds a vocational retraining programme.",
        ],
        "business": ["I need capital for my small business.", "The money is for stock for my shop."],
        "others": ["It is for some personal expenses.", "I have various other costs to cover."],
    },
    "job_category": {
        "unemployed/ unskilled - non-resident": [
            "At the moment I have no job.",
            "I am currently out of work.",
        ],
        "unskilled - resident": ["I work as an unskilled labourer.", "I do manual work without a trade."],
        "skilled employee / official": [
            "I am a skilled worker with a trade.",
            "I work as a qualified clerk.",
        ],
        "management/ self-employed/ highly qualified employee/ officer": [
            "I am a manager at my company.",
            "I run my own business as a self-employed professional.",
        ],
    },
    "housing_status": {
        "own": ["I own my house.", "We live in our own flat, which we bought."],
        "rent": ["I rent an apartment.", "We pay rent for our flat every month."],
        "for free": ["I live with my parents without paying rent.", "My housing is provided free of charge."],
    },
}


def statement(row: pd.Series | dict[str, object], seed: int) -> str:
    rng = np.random.default_rng(seed)
    sentences = []
    for column in MOVED_TO_PROSE:
        options = _PHRASES[column].get(str(row[column]))
        if options:
            sentences.append(options[int(rng.integers(len(options)))])
    rng.shuffle(sentences)
    return " ".join(sentences)


def with_statements(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out["applicant_statement"] = [statement(row, i) for i, (_, row) in enumerate(frame.iterrows())]
    return out
