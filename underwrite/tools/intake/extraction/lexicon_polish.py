"""Field labels and category wordings in Polish. Data only.

Written from how Polish consumer-credit forms usually word their questions (the *wniosek o kredyt
gotówkowy* of a bank or a *pożyczka* of a lender: "Imię i nazwisko", "Kwota kredytu", "Okres
kredytowania", "Dochód netto", "Status mieszkaniowy"), not copied from any test document. Merged
into the lexicon next to :mod:`lexicon_labels` and :mod:`lexicon_romance`.
"""

from __future__ import annotations

POLISH_LABELS: dict[str, list[str]] = {
    "applicant_name": [
        "Imię i nazwisko",
        "Nazwisko i imię",
        "Wnioskodawca",
        "Kredytobiorca",
        "Pożyczkobiorca",
    ],
    "date_of_birth": ["Data urodzenia"],
    "application_date": ["Data złożenia wniosku", "Data wniosku", "Data złożenia"],
    "loan_amount": [
        *("Kwota kredytu", "Wnioskowana kwota kredytu", "Wnioskowana kwota", "Kwota pożyczki"),
        "Wnioskowana kwota pożyczki",
    ],
    "loan_term_months": [
        "Okres kredytowania",
        "Okres spłaty",
        "Okres kredytu",
        "Liczba rat",
        "Okres pożyczki",
    ],
    "loan_purpose": ["Cel kredytu", "Cel pożyczki", "Przeznaczenie kredytu", "Cel"],
    "dependents": ["Liczba osób na utrzymaniu", "Osoby na utrzymaniu", "Liczba dzieci na utrzymaniu"],
    "marital_status": ["Stan cywilny"],
    "nationality": ["Obywatelstwo"],
    "housing_status": ["Status mieszkaniowy", "Sytuacja mieszkaniowa", "Forma zamieszkania"],
    "monthly_housing_cost": [
        *("Czynsz", "Czynsz najmu", "Czynsz najmu (miesięcznie)", "Koszty mieszkania"),
        "Miesięczne koszty mieszkania",
    ],
    "employer_name": ["Pracodawca", "Nazwa pracodawcy", "Zakład pracy"],
    "employment_status": ["Forma zatrudnienia", "Źródło dochodu", "Rodzaj umowy"],
    "employment_years": [
        *("Zatrudniony od", "Zatrudniona od", "Zatrudniony(a) od", "Data zatrudnienia"),
        *("Staż pracy", "Staż pracy u obecnego pracodawcy", "Okres zatrudnienia"),
    ],
    "monthly_net_income": [
        *("Dochód netto", "Miesięczny dochód netto", "Średni miesięczny dochód netto"),
        *("Wynagrodzenie netto", "Dochód miesięczny netto"),
    ],
    "monthly_debt_payments": [
        *("Razem miesięczne obciążenia", "Miesięczne obciążenia", "Suma rat", "Łączna rata"),
        "Łączna miesięczna rata obecnych zobowiązań",
    ],
}

POLISH_VALUES: dict[str, dict[str, list[str]]] = {
    "loan_purpose": {
        "car (used)": ["samochód używany", "samochodu używanego", "używany samochód", "używanego samochodu"],
        "car (new)": ["nowy samochód", "nowego samochodu"],
        "furniture/equipment": ["meble", "mebli", "wyposażenie mieszkania"],
        "radio/television": ["telewizor", "RTV"],
        "domestic appliances": ["AGD", "sprzęt AGD"],
        "repairs": ["remont", "remontu", "remont mieszkania", "naprawa"],
        "education": ["edukacja", "studia", "kurs"],
        "business": ["działalność gospodarcza"],
        "others": ["inne", "inny", "cel konsumpcyjny"],
    },
    "housing_status": {
        "own": ["własność", "mieszkanie własnościowe", "własne mieszkanie", "dom własny", "właściciel"],
        "rent": ["najem", "wynajem", "mieszkanie wynajmowane", "najemca"],
        "for free": ["u rodziców", "z rodzicami", "bezpłatnie"],
    },
    "employment_status": {
        "employed": ["umowa o pracę", "etat", "pracownik etatowy"],
        "self-employed": ["działalność gospodarcza", "samozatrudnienie", "własna działalność"],
        "unemployed": ["bezrobotny", "bezrobotna"],
    },
}
