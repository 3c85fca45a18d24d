"""Field labels and category wordings in French, Spanish, Italian and Dutch. Data only.

Written from how consumer-credit forms in those languages usually word their questions (the
French *demande de prêt*, the Spanish *solicitud de préstamo*, the Italian *richiesta di
finanziamento*, the Dutch *kredietaanvraag*), not copied from any test document. Merged into the
lexicon next to :mod:`lexicon_labels` / :mod:`lexicon_values`.
"""

from __future__ import annotations

ROMANCE_LABELS: dict[str, list[str]] = {
    "applicant_name": [
        *("Nom et prénom", "Nom complet", "Emprunteur", "Demandeur", "Nombre y apellidos"),
        *("Nombre completo", "Solicitante", "Titular", "Nome e cognome", "Richiedente"),
        *("Naam aanvrager", "Aanvrager", "Volledige naam", "Naam en voornaam"),
    ],
    "date_of_birth": [
        "Date de naissance",
        "Né le",
        "Née le",
        "Fecha de nacimiento",
        "Data di nascita",
        "Geboortedatum",
    ],
    "application_date": [
        *("Date de la demande", "Date de demande", "Fecha de solicitud", "Fecha de la solicitud"),
        *("Data della richiesta", "Data richiesta", "Datum aanvraag", "Aanvraagdatum", "Fecha", "Data"),
    ],
    "loan_amount": [
        *("Montant demandé", "Montant du prêt", "Montant du crédit", "Montant emprunté", "Montant"),
        *("Importe solicitado", "Importe del préstamo", "Importe", "Importo richiesto"),
        *("Importo del prestito", "Importo finanziato", "Gevraagd bedrag", "Leenbedrag", "Kredietbedrag"),
    ],
    "loan_term_months": [
        *("Durée", "Durée souhaitée", "Durée du prêt", "Durée du crédit", "Nombre de mensualités"),
        *("Plazo", "Plazo de devolución", "Duración", "Duración del préstamo", "Número de cuotas"),
        *("Durata", "Durata del prestito", "Numero di rate", "Looptijd", "Looptijd in maanden"),
    ],
    "loan_purpose": [
        *("Objet du prêt", "Objet du crédit", "Objet du financement", "Finalité", "Projet"),
        *("Finalidad", "Finalidad del préstamo", "Destino del préstamo", "Motivo del préstamo"),
        *("Finalità", "Finalità del prestito", "Scopo del prestito", "Doel van de lening"),
        *("Bestedingsdoel", "Doel"),
    ],
    "employment_status": [
        *("Type de contrat", "Contrat de travail", "Situation professionnelle", "Situación laboral"),
        *("Tipo de contrato", "Situazione lavorativa", "Tipo di contratto", "Dienstverband"),
        "Arbeidssituatie",
    ],
    "employer_name": [
        *("Employeur", "Nom de l'employeur", "Empresa", "Empleador", "Empresa en la que trabaja"),
        *("Datore di lavoro", "Azienda", "Werkgever", "Naam werkgever"),
    ],
    "employment_years": [
        *("Ancienneté", "Ancienneté dans l'emploi", "En poste depuis", "Antigüedad"),
        *("Antigüedad laboral", "Antigüedad en la empresa", "Anzianità lavorativa", "Anzianità di servizio"),
        *("In dienst sinds", "Dienstjaren", "Jaren in dienst"),
    ],
    "monthly_net_income": [
        *("Revenus nets mensuels", "Revenu net mensuel", "Salaire net", "Salaire net mensuel"),
        *("Ingresos netos mensuales", "Ingresos netos", "Salario neto", "Nómina neta", "Sueldo neto"),
        *("Reddito netto mensile", "Reddito netto", "Stipendio netto", "Netto maandinkomen"),
        *("Netto inkomen", "Nettoloon", "Netto salaris"),
    ],
    "annual_income": [
        "Revenu annuel net",
        "Ingresos netos anuales",
        "Reddito netto annuo",
        "Netto jaarinkomen",
    ],
    "monthly_debt_payments": [
        *("Crédits en cours", "Mensualités de crédits", "Charges de crédit", "Autres crédits"),
        *("Préstamos vigentes", "Cuotas de préstamos", "Otros préstamos", "Rate di altri finanziamenti"),
        *("Altri finanziamenti", "Rate in corso", "Lopende leningen", "Lopende kredieten"),
        *("Maandlasten leningen", "Andere kredieten"),
    ],
    "monthly_housing_cost": [
        *("Loyer", "Loyer mensuel", "Loyer ou mensualité", "Charges de logement", "Mensualité immobilière"),
        *("Alquiler", "Alquiler mensual", "Cuota hipotecaria", "Gastos de vivienda", "Affitto"),
        *("Affitto mensile", "Rata del mutuo", "Spese per l'abitazione", "Huur", "Woonlasten"),
        *("Hypotheeklasten", "Huur of hypotheek"),
    ],
    "housing_status": [
        *("Logement", "Statut d'occupation", "Situation de logement", "Vivienda", "Régimen de vivienda"),
        *("Abitazione", "Situazione abitativa", "Woonsituatie", "Woning"),
    ],
    "dependents": [
        *("Enfants à charge", "Personnes à charge", "Nombre d'enfants à charge", "Hijos a cargo"),
        *("Personas a cargo", "Figli a carico", "Persone a carico", "Inwonende kinderen"),
        "Kinderen ten laste",
    ],
    "marital_status": ["Situation familiale", "Estado civil", "Stato civile", "Burgerlijke staat"],
}

ROMANCE_VALUES: dict[str, dict[str, list[str]]] = {
    "loan_purpose": {
        "car (new)": ["voiture neuve", "véhicule neuf", "coche nuevo", "auto nuova", "nieuwe auto"],
        "car (used)": [
            *("voiture d'occasion", "véhicule d'occasion", "coche de segunda mano", "coche usado"),
            *("vehículo usado", "auto usata", "tweedehands auto"),
        ],
        "furniture/equipment": ["meubles", "ameublement", "muebles", "mobili", "arredamento", "meubels"],
        "radio/television": ["télévision", "téléviseur", "televisión", "televisore", "televisie"],
        "domestic appliances": ["électroménager", "electrodomésticos", "elettrodomestici", "witgoed"],
        "repairs": [
            *("travaux", "rénovation", "réparation", "reforma", "reformas", "obras"),
            *("ristrutturazione", "riparazione", "verbouwing", "renovatie", "reparatie"),
        ],
        "education": [
            "études",
            "frais de scolarité",
            "estudios",
            "matrícula",
            "studi",
            "studie",
            "opleiding",
        ],
        "retraining": ["reconversion", "formation professionnelle", "formación profesional", "omscholing"],
        "business": ["création d'entreprise", "negocio", "attività commerciale", "eigen bedrijf"],
        "others": ["autre", "autres", "otros", "altro", "overig", "anders"],
    },
    "housing_status": {
        "own": [
            *("propriétaire", "propietario", "propietaria", "vivienda propia", "proprietario"),
            *("casa di proprietà", "eigenaar", "koopwoning", "koophuis"),
        ],
        "rent": [
            *("locataire", "en location", "alquiler", "de alquiler", "inquilino", "inquilina"),
            *("affitto", "in affitto", "huurder", "huurwoning"),
        ],
        "for free": [
            "hébergé gratuitement",
            "chez mes parents",
            "con mis padres",
            "con i genitori",
            "bij ouders",
        ],
    },
    "employment_status": {
        "employed": [
            *("salarié", "salariée", "CDI", "CDD", "contrato indefinido", "asalariado", "dipendente"),
            *("contratto a tempo indeterminato", "in loondienst", "vast contract"),
        ],
        "self-employed": [
            "indépendant",
            "autoentrepreneur",
            "autónomo",
            "lavoratore autonomo",
            "zzp",
            "zelfstandige",
        ],
        "unemployed": ["sans emploi", "chômeur", "desempleado", "disoccupato", "werkloos"],
    },
}
