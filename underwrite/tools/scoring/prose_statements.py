"""Applicant statements that tell structured fields in prose: the text bench's generator, shared.

German credit has no free text, so the text bench writes what an applicant might: two phrasings
per value, worded unlike the dataset's category labels, picked and ordered by a per-row seed, so a
reader has to read meaning rather than match a label string. It lives here, not in the bench, for
one more reader: the product's decoded-field reader (``field_reader``) is fitted on these same
statements, so the bench's figure for that reader is a figure for what the product ships.

Two sets of moved fields: ``MOVED_TO_PROSE`` (purpose, job, housing) is the original test, whose
lost AUC (~0.006) is inside one fold SD, so no reader can be told apart on it. ``MOVED_STRONG``
adds the account, credit-history and savings fields, which carry most of German's signal, so
the gap the prose must win back is several fold SDs wide.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

MOVED_TO_PROSE = ("loan_purpose", "job_category", "housing_status")
MOVED_STRONG = ("checking_account_status", "credit_history", "savings_status", *MOVED_TO_PROSE)

_PHRASES: dict[str, dict[str, list[str]]] = {
    "checking_account_status": {
        "overdrawn": ["My current account is in the red.", "My bank account is overdrawn right now."],
        "0 to 200": [
            "I keep a small positive balance on my current account.",
            "There are a few hundred marks at most on my bank account.",
        ],
        "200 or more / salary account": [
            "My salary is paid into my current account, which has a good balance.",
            "My bank account holds a comfortable balance and receives my wages.",
        ],
        "no checking account": ["I do not have a current account.", "I have never opened a bank account."],
    },
    "credit_history": {
        "no credits taken/ all credits paid back duly": [
            "I have never borrowed before.",
            "This is my first loan; anything I ever owed is settled.",
        ],
        "all credits at this bank paid back duly": [
            "Every loan I had with your bank was repaid in full.",
            "I repaid all my earlier credits at this bank.",
        ],
        "existing credits paid back duly till now": [
            "My current loans are paid on time every month.",
            "I am up to date with the credits I am repaying now.",
        ],
        "delay in paying off in the past": [
            "I was late with some repayments in the past.",
            "Years ago I fell behind on a loan for a while.",
        ],
        "critical account/ other credits existing (not at this bank)": [
            "I also have loans at other banks and one account was flagged.",
            "Other lenders have credit outstanding with me and it has been difficult.",
        ],
    },
    "savings_status": {
        "none or unknown": ["I have no savings to speak of.", "I cannot say what I have put aside."],
        "under 100": ["My savings are under a hundred marks.", "I have only a tiny savings balance."],
        "100 to 500": ["I have a few hundred marks saved.", "There are some hundreds in my savings book."],
        "500 to 1000": [
            "I have saved nearly a thousand marks.",
            "My savings are between five hundred and a thousand.",
        ],
        "1000 or more": ["I have more than a thousand marks saved.", "My savings are substantial."],
    },
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


def statement(row: pd.Series | dict[str, object], seed: int, moved: tuple[str, ...] = MOVED_TO_PROSE) -> str:
    rng = np.random.default_rng(seed)
    sentences = []
    for column in moved:
        options = _PHRASES[column].get(str(row[column]))
        if options:
            sentences.append(options[int(rng.integers(len(options)))])
    rng.shuffle(sentences)
    return " ".join(sentences)


def with_statements(frame: pd.DataFrame, moved: tuple[str, ...] = MOVED_TO_PROSE) -> pd.DataFrame:
    out = frame.copy()
    out["applicant_statement"] = [statement(row, i, moved) for i, (_, row) in enumerate(frame.iterrows())]
    return out
