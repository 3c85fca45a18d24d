"""Field labels and category wordings in Czech and Slovak. Data only.

Written from how Czech and Slovak consumer-credit forms usually word their questions (the Czech
*žádost o spotřebitelský úvěr*, the Slovak *žiadosť o spotrebiteľský úver*: "Výše úvěru", "Doba
splácení", "Čistý měsíční příjem", "Typ bydlení", "Počet vyživovaných dětí"), not copied from any
test document.
"""

from __future__ import annotations

CZECH_SLOVAK_LABELS: dict[str, list[str]] = {
    "applicant_name": [
        *("Jméno a příjmení", "Příjmení a jméno", "Žadatel", "Klient", "Dlužník"),
        *("Meno a priezvisko", "Priezvisko a meno", "Žiadateľ", "Dlžník"),
    ],
    "date_of_birth": ["Datum narození", "Dátum narodenia"],
    "application_date": [
        *("Datum žádosti", "Datum podání", "Datum podání žádosti", "Místo a datum", "Datum podpisu"),
        *("Dátum žiadosti", "Dátum", "Miesto a dátum", "Dátum podpisu"),
    ],
    "residence_years": ["Na adrese od", "Bydlí na adrese od", "Na adrese od roku", "Na adrese bývam od"],
    "loan_amount": [
        *("Výše úvěru", "Požadovaná výše úvěru", "Požadovaná částka", "Částka úvěru", "Výše půjčky"),
        *("Výška úveru", "Požadovaná výška úveru", "Požadovaná suma", "Suma úveru", "Výška pôžičky"),
    ],
    "loan_term_months": [
        *("Doba splácení", "Splatnost", "Počet splátek", "Doba splatnosti", "Doba trvání úvěru"),
        *("Doba splácania", "Počet splátok", "Lehota splatnosti", "Doba splatnosti úveru"),
    ],
    "loan_purpose": ["Účel úvěru", "Účel", "Účel půjčky", "Účel úveru", "Účel pôžičky"],
    "employment_status": [
        *("Typ pracovního poměru", "Pracovní poměr", "Zdroj příjmu", "Druh pracovního poměru"),
        *("Typ pracovného pomeru", "Pracovný pomer", "Zdroj príjmu", "Druh pracovného pomeru"),
    ],
    "employer_name": [
        *("Zaměstnavatel", "Název zaměstnavatele", "Zamestnávateľ", "Názov zamestnávateľa"),
    ],
    "employment_years": [
        *("Zaměstnán od", "Zaměstnána od", "Zaměstnán(a) od", "V zaměstnání od", "Doba zaměstnání"),
        *("U zaměstnavatele od", "Zamestnaný od", "Zamestnaná od", "Zamestnaný(á) od"),
        *("U zamestnávateľa od", "Doba zamestnania", "Zamestnaná/ý od", "Zamestnaný/á od"),
    ],
    "monthly_net_income": [
        *("Čistý měsíční příjem", "Čistý příjem", "Měsíční čistý příjem", "Čistá mzda"),
        *("Čistý mesačný príjem", "Čistý príjem", "Mesačný čistý príjem", "Čistý měsíční příjem žadatele"),
    ],
    "monthly_debt_payments": [
        *("Splátky ostatních úvěrů", "Měsíční splátky", "Splátky úvěrů", "Ostatní závazky"),
        *("Splátky iných úverov", "Mesačné splátky", "Splátky úverov", "Ostatné záväzky"),
        *("Měsíční splátky celkem", "Splátky celkem", "Mesačné splátky spolu", "Splátky spolu"),
    ],
    "monthly_housing_cost": [
        *("Nájemné", "Náklady na bydlení", "Nájem", "Měsíční náklady na bydlení"),
        *(
            "Nájomné",
            "Náklady na bývanie",
            "Mesačné náklady na bývanie",
            "Nájomné mesačne",
            "Nájemné měsíčně",
        ),
    ],
    "housing_status": ["Bydlení", "Typ bydlení", "Forma bydlení", "Bývanie", "Typ bývania", "Forma bývania"],
    "dependents": [
        *("Počet vyživovaných dětí", "Počet dětí", "Počet vyživovaných osob", "Vyživované osoby"),
        *("Počet vyživovaných detí", "Počet detí", "Počet vyživovaných osôb"),
    ],
    "marital_status": ["Rodinný stav"],
    "nationality": ["Státní občanství", "Občanství", "Štátne občianstvo", "Občianstvo"],
}

CZECH_SLOVAK_VALUES: dict[str, dict[str, list[str]]] = {
    "loan_purpose": {
        "car (used)": [
            *("ojetý automobil", "ojeté auto", "ojetý vůz", "ojeté vozidlo", "ojazdené auto"),
            *("jazdené auto", "ojazdený automobil", "jazdené vozidlo"),
        ],
        "car (new)": ["nový automobil", "nové auto", "nový vůz", "nové vozidlo"],
        "furniture/equipment": [
            *("nábytek", "vybavení domácnosti", "vybavení bytu", "nábytok"),
            *("vybavenie domácnosti", "vybavenie bytu"),
        ],
        "domestic appliances": ["spotřebiče", "domácí spotřebiče", "elektrospotřebiče", "spotrebiče"],
        "radio/television": ["televize", "televízor"],
        "repairs": [
            *("rekonstrukce", "oprava", "renovace", "rekonstrukce bytu", "oprava bytu"),
            *("rekonštrukcia", "rekonštrukcia bytu", "obnova bytu"),
        ],
        "education": ["vzdělání", "studium", "vzdelanie", "štúdium"],
        "business": ["podnikání", "podnikanie"],
        "others": ["ostatní", "jiné", "jiný účel", "iné", "ostatné", "iný účel"],
    },
    "housing_status": {
        "own": [
            *("vlastní byt", "vlastní dům", "vlastní bydlení", "osobní vlastnictví", "družstevní byt"),
            *("vlastný byt", "vlastný dom", "vlastné bývanie", "osobné vlastníctvo"),
        ],
        "rent": [
            *("nájemní byt", "nájem", "pronájem", "podnájem", "nájemní bydlení"),
            *("nájomný byt", "prenájom", "podnájom", "nájomné bývanie"),
        ],
        "for free": ["u rodičů", "s rodiči", "u rodičov", "s rodičmi"],
    },
    "employment_status": {
        "employed": [
            *("zaměstnanec", "zaměstnankyně", "na dobu neurčitou", "pracovní poměr na dobu neurčitou"),
            *("hlavní pracovní poměr", "na dobu určitou", "zamestnanec", "na dobu neurčitú"),
            *("pracovný pomer na dobu neurčitú", "trvalý pracovný pomer"),
        ],
        "self-employed": ["OSVČ", "podnikatel", "živnostník", "SZČO", "podnikateľ"],
        "unemployed": ["nezaměstnaný", "nezaměstnaná", "nezamestnaný", "nezamestnaná"],
    },
}
