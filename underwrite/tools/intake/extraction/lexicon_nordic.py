"""Field labels and category wordings in Swedish, Danish and Norwegian. Data only.

Written from how Scandinavian consumer-loan applications usually word their questions (the Swedish
*ansökan om privatlån*, the Danish *låneansøgning*, the Norwegian *søknad om forbrukslån*:
"Lånebelopp", "Återbetalningstid", "Månadsinkomst efter skatt", "Boendeform", "Antal barn"), not
copied from any test document.
"""

from __future__ import annotations

NORDIC_LABELS: dict[str, list[str]] = {
    "applicant_name": [
        *("Namn", "Sökande", "Låntagare", "För- och efternamn", "Fullständigt namn", "Huvudsökande"),
        *("Navn", "Ansøger", "Fulde navn", "Låntager", "Søker", "Fullt navn", "Låntaker", "Hovedsøker"),
        *("Förnamn och efternamn", "Fornavn og etternavn", "Fornavn og efternavn", "Fornavn og mellemnavn"),
    ],
    "date_of_birth": ["Födelsedatum", "Fødselsdato"],
    "application_date": [
        *("Ansökningsdatum", "Datum", "Ort och datum", "Inskickad", "Datum för ansökan", "Ansøgningsdato"),
        *("Dato", "Sted og dato", "Dato for ansøgning", "Indsendt", "Søknadsdato", "Innsendt"),
    ],
    "residence_years": [
        *("Bott på adressen sedan", "Boende på adressen sedan", "Boet på adressen siden"),
        *("Bott på adressen siden", "Boet på adressen siden", "Botid på adressen"),
    ],
    "loan_amount": [
        *("Lånebelopp", "Önskat lånebelopp", "Önskat belopp", "Belopp", "Lånebeløb"),
        *("Ønsket lånebeløb", "Beløb", "Lånebeløp", "Ønsket lånebeløp", "Beløp", "Søkt beløp"),
    ],
    "loan_term_months": [
        *("Återbetalningstid", "Löptid", "Lånetid", "Önskad återbetalningstid", "Løbetid"),
        *("Ønsket løbetid", "Tilbagebetalingstid", "Nedbetalingstid", "Tilbakebetalingstid", "Løpetid"),
    ],
    "loan_purpose": [
        *("Syfte med lånet", "Lånets syfte", "Ändamål", "Syfte", "Formål", "Formål med lånet"),
        *("Lånets formål", "Hva skal lånet brukes til", "Vad ska lånet användas till"),
        *("Vad ska du använda pengarna till", "Hva skal pengene brukes til", "Hvad skal pengene bruges til"),
    ],
    "employment_status": [
        *("Anställningsform", "Sysselsättning", "Anställning", "Ansættelsesform", "Beskæftigelse"),
        *("Ansettelsesform", "Arbeidssituasjon", "Stillingstype"),
    ],
    "employer_name": ["Arbetsgivare", "Arbejdsgiver", "Arbeidsgiver", "Nuvarande arbetsgivare"],
    "employment_years": [
        *("Anställd sedan", "Anställd från", "Anställningstid", "Anställd hos arbetsgivaren sedan"),
        *("Ansat siden", "Ansættelsestid", "Ansatt siden", "Ansatt fra", "Ansiennitet"),
    ],
    "monthly_net_income": [
        *("Månadsinkomst efter skatt", "Nettoinkomst per månad", "Inkomst efter skatt", "Nettolön"),
        *("Nettoinkomst", "Utbetald lön", "Månedlig nettoindkomst", "Nettoindkomst", "Udbetalt løn"),
        *("Indkomst efter skat", "Månedlig nettoinntekt", "Nettoinntekt", "Nettolønn", "Utbetalt lønn"),
        *("Inntekt etter skatt", "Netto månedsinntekt", "Netto månedsindkomst", "Månedsinntekt etter skatt"),
    ],
    "annual_income": ["Årsinkomst", "Årlig indkomst", "Årsinntekt", "Årlig inntekt"],
    "monthly_debt_payments": [
        *("Övriga lån per månad", "Kostnad för övriga lån", "Månadskostnad för lån", "Andra lån"),
        *("Övriga lån", "Øvrige lån", "Månedlig ydelse på lån", "Ydelse på øvrige lån", "Andre lån"),
        *("Månedlige lånekostnader", "Terminbeløp andre lån"),
    ],
    "monthly_housing_cost": [
        *("Hyra", "Hyra per månad", "Hyra/avgift", "Boendekostnad", "Boendekostnad per månad"),
        *("Månadsavgift", "Husleje", "Boligudgift", "Boligudgifter", "Husleie", "Boutgifter"),
        *(
            "Bokostnader",
            "Boliglån, månedlig terminbeløp",
            "Terminbeløp boliglån",
            "Månedlig ydelse på boliglån",
        ),
    ],
    "housing_status": [
        *("Boendeform", "Boende", "Bostad", "Boligform", "Boligsituation", "Bosituasjon", "Boligsituasjon"),
        "Boligtype",
    ],
    "dependents": [
        *("Antal barn", "Hemmavarande barn", "Antal barn under 18 år", "Antal hemmavarande barn"),
        *("Antal børn", "Hjemmeboende børn", "Antall barn", "Hjemmeboende barn", "Antall barn under 18"),
    ],
    "marital_status": ["Civilstånd", "Civilstand", "Sivilstand", "Sivilstatus"],
    "nationality": ["Medborgarskap", "Statsborgerskab", "Statsborgerskap", "Nationalitet", "Nasjonalitet"],
}

NORDIC_VALUES: dict[str, dict[str, list[str]]] = {
    "loan_purpose": {
        "car (used)": ["begagnad bil", "bil begagnad", "brugt bil", "bruktbil", "brukt bil"],
        "car (new)": ["ny bil", "nybil"],
        "furniture/equipment": ["möbler", "møbler", "inredning", "indbo", "inventar", "møbler og inventar"],
        "domestic appliances": ["vitvaror", "hvidevarer", "hvitevarer"],
        "repairs": [
            *("renovering", "renovation", "oppussing", "ombyggnad", "istandsættelse"),
            *("reparation", "reparasjon", "köksrenovering", "badrumsrenovering"),
        ],
        "education": ["utbildning", "uddannelse", "utdanning", "studier"],
        "business": ["egen verksamhet", "egen virksomhed", "egen virksomhet"],
        "others": ["övrigt", "annat", "andet", "annet", "øvrigt"],
    },
    "housing_status": {
        "own": [
            *("bostadsrätt", "äganderätt", "egen villa", "villa", "radhus", "ägd bostad"),
            *("ejerbolig", "ejerlejlighed", "andelsbolig", "eget hus", "selveier", "eierbolig"),
            *("selveierleilighet", "borettslag", "eiet bolig"),
        ],
        "rent": [
            *("hyresrätt", "hyreslägenhet", "hyresgäst", "andrahand", "andrahandskontrakt"),
            *("lejebolig", "lejelejlighed", "lejer", "leiebolig", "leier", "leietaker"),
        ],
        "for free": [
            *("hos föräldrar", "bor hos föräldrar", "hjemme hos forældre", "bor hos forældre"),
            "bor hos foreldre",
        ],
    },
    "employment_status": {
        "employed": [
            *("tillsvidareanställd", "tillsvidareanställning", "fast anställning", "fastanställd"),
            *("visstidsanställd", "provanställd", "fastansat", "fast ansat", "fast ansatt"),
            *("fast stilling", "lønmodtager", "lønnsmottaker", "anställd"),
        ],
        "self-employed": [
            *("egen företagare", "egenföretagare", "selvstændig", "selvstændig erhvervsdrivende"),
            "selvstendig næringsdrivende",
        ],
        "unemployed": ["arbetslös", "arbejdsløs", "arbeidsledig"],
    },
}
