"""The prose rules' words in Spanish, French, Italian, Dutch and Portuguese. Data only.

Written from how applicants in those languages usually put a loan request in a letter ("solicito un
préstamo de … a devolver en 36 meses", "je gagne … nets par mois", "lavoro presso … da sette anni",
"ik werk bij … sinds 2016", "venho pedir um crédito de … a pagar em 60 prestações"), not copied from
any test document. Each table is merged into its English/German counterpart by the module that uses
it (:mod:`prose_cues`, :mod:`prose`, :mod:`prose_numbers`, :mod:`prose_names`,
:mod:`prose_household`, :mod:`prose_purpose`).
"""

from __future__ import annotations

ROMANCE_CUES: dict[str, list[str]] = {
    "loan_amount": [
        r"préstamo", r"prestamo", r"crédito", r"solicit\w+", r"importe", r"financiación",
        r"\bprêt\b", r"emprunt\w*", r"montant", r"prestito", r"finanziamento", r"importo",
        r"\blening\b", r"krediet", r"\blenen\b", r"bedrag",
        r"empréstimo", r"montante", r"financiamento", r"\bpe[çd]\w*",
    ],
    "loan_term_months": [
        r"plazo", r"devolver", r"\ben\b(?=\s+\d)", r"durante", r"durée", r"rembours\w*", r"\bsur\b(?=\s+\d)",
        r"durata", r"rimbors\w*", r"\bin\b(?=\s+\d+\s+(?:mesi|rate|maanden))", r"looptijd", r"terugbetal\w*",
        r"prazo", r"a\s+pagar", r"\bem\b(?=\s+\S+\s+(?:anos|meses|prestações))", r"prestações",
    ],
    "employment_years": [
        r"trabaj\w*", r"emplead[oa]", r"empresa", r"antigüedad", r"travaill\w*", r"\bposte\b", r"entreprise",
        r"ancienneté", r"lavor\w*", r"azienda", r"anzianità", r"\bwerk\w*", r"in\s+dienst",
        r"trabalh\w*", r"contrato", r"antiguidade",
    ],
    "residence_years": [
        r"\bvivo\b", r"vivimos", r"domicilio", r"j'habite", r"\babito\b", r"\bwoon\w*", r"\bmor[oa]\b",
        r"moramos", r"vivemos",
    ],
    "monthly_net_income": [
        r"nómina", r"nomina", r"sueldo", r"salario", r"\bgano\b", r"\bcobro\b", r"ingresos", r"\bnetos?\b",
        r"salaire", r"\bgagne\w*", r"revenus?", r"stipendio", r"guadagn\w*", r"reddito", r"salaris",
        r"verdien\w*", r"inkomen",
        r"ordenado", r"vencimento", r"salário", r"\bganho\b", r"rendimento", r"líquid[oa]s?",
    ],
    "monthly_debt_payments": [
        r"\bcuota\b", r"préstamo\s+del?\s+coche", r"tarjeta", r"deudas?", r"mensualités?", r"crédit\s+auto",
        r"crédits?\s+en\s+cours", r"\brata\b", r"finanziamento\s+(?:auto|in\s+corso)", r"aflossing",
        r"afbetal\w*", r"lopende\s+lening",
        r"\bprestação\b", r"encargos", r"crédito\s+(?:para|do|da|automóvel)",
    ],
    "monthly_housing_cost": [
        r"alquiler", r"hipoteca", r"\bpiso\b", r"loyer", r"crédit\s+immobilier", r"affitto", r"\bmutuo\b",
        r"\bhuur\b", r"hypotheek", r"woonlasten",
        r"\brenda\b", r"arrendad[oa]", r"aluguel", r"crédito\s+(?:à\s+)?habitação",
    ],
}  # fmt: skip
MONTHLY = (
    r"al\s+mes\b|por\s+mes\b|cada\s+mes\b|mensual(?:es|mente)?|par\s+mois|mensuel(?:le)?s?|chaque\s+mois"
    r"|al\s+mese|mensil[ei]|ogni\s+mese|per\s+maand|maandelijks|in\s+de\s+maand"
    r"|/\s?mois\b|/\s?mes\b|/\s?mese\b|/\s?maand\b"
    r"|por\s+mês|ao\s+mês|cada\s+mês|mensa(?:is|l|lmente)\b|/\s?mês"
)
ANNUAL = (
    r"al\s+año|por\s+año|anual(?:es)?|par\s+an\b|annuel(?:le)?s?|all'anno|annu[io]\b|per\s+jaar|jaarlijks"
    r"|por\s+ano|ao\s+ano|anuais"
)
LOAN_CONTEXT = (
    r"préstamo|prestamo|devolver|plazo|cuota|\bprêt|crédit|rembours|prestito|finanziamento|\brat[ae]\b"
    r"|lening|krediet|aflos|looptijd|empréstimo|prestaç|crédito"
)
DURATION_UNITS = (
    r"meses\b|mes\b|mois\b|mesi\b|maanden\b|maand\b|cuotas\b|mensualités\b|rate\b|termijnen\b"
    r"|años?\b|anni\b|anno\b|ans\b|jaar\b|jaren\b|prestações\b|parcelas\b|anos\b|ano\b"
)
"""Units of a duration (instalments count months); the year ones start with "a" or "j", which is how
:mod:`prose` tells them from months."""
SINCE_WORDS = r"desde|depuis|dal|sinds"

# Small numbers in words, read only where they count years or months ("siete años", "trois ans"):
# several are also ordinary words elsewhere ("once", "due", "sei", "sept").


def _from_two(words: str) -> dict[str, int]:
    return {word: n for n, word in enumerate(words.split(), 2)}


NUMBER_WORDS: dict[str, int] = {
    **_from_two("dos tres cuatro cinco seis siete ocho nueve diez once doce"),
    **_from_two("deux trois quatre cinq six sept huit neuf dix onze douze"),
    **_from_two("due tre quattro cinque sei sette otto nove dieci undici dodici"),
    **_from_two("twee drie vier vijf zes zeven acht negen tien elf twaalf"),
    **_from_two("dois três quatro cinco seis sete oito nove dez onze doze"),
    **{"duas": 2, "um": 1, "uma": 1, "vinte": 20, "trinta": 30, "trinta e seis": 36, "quarenta": 40},
    **{"quarenta e oito": 48, "sessenta": 60, "setenta e dois": 72, "oitenta e quatro": 84},
    **{"treinta": 30, "cuarenta": 40, "sesenta": 60, "trente": 30, "soixante": 60, "trenta": 30},
    **{"quaranta": 40, "sessanta": 60, "dertig": 30, "veertig": 40, "zestig": 60},
    **{"un": 1, "uno": 1, "una": 1, "une": 1, "één": 1, "een": 1, "quince": 15, "quinze": 15, "quindici": 15},
    **{"veinte": 20, "vingt": 20, "venti": 20, "twintig": 20},
}

DEPENDANT_NOUNS = r"enfants?|hij[oa]s|figli|figlie|kinderen|kind\b|filh[oa]s|crianças"
SIGN_OFF = (
    r"Atentamente|Un\s+saludo|Saludos(?:\s+cordiales)?|Cordialement|Bien\s+cordialement"
    r"|Salutations\s+distinguées|Distinti\s+saluti|Cordiali\s+saluti|Met\s+vriendelijke\s+groet(?:en)?"
    r"|Hoogachtend|Com\s+os\s+(?:melhores|meus)\s+cumprimentos|Melhores\s+cumprimentos|Atenciosamente"
    r"|Cumprimentos"
)
# "Trabajo como técnico en …", "je travaille chez …", "lavoro presso …", "ik werk bij …"
EMPLOYER_CUE = (
    r"(?:trabaj\w+|emplead[oa])(?:\s+como\s+[a-záéíóúñü][a-záéíóúñü ]{0,40}?)?\s+(?:en|para)\s+"
    r"(?:la\s+empresa\s+)?"
    r"|travaill\w+(?:\s+comme\s+[a-zàâçéèêëîïôûù][a-zàâçéèêëîïôûù' ]{0,40}?)?\s+(?:chez|pour)\s+"
    r"|lavor\w+(?:\s+come\s+[a-zàèéìòù][a-zàèéìòù ]{0,40}?)?\s+(?:presso|per|alla|da)\s+"
    r"|\bwerk\w*(?:\s+als\s+[a-z][a-z ]{0,40}?)?\s+(?:bij)\s+"
    r"|\btrabalh[oa]\w*(?:\s+como\s+[a-záàâãçéêíóôõú][a-záàâãçéêíóôõú ]{0,40}?)?"
    r"\s+(?:n[oa]s?|para\s+[oa]s?|em)\s+"
)
RENT = (
    r"\bde\s+alquiler\b|\ben\s+alquiler\b|\binquilin[oa]\b|\blocataire\b|\ben\s+location\b|\bin\s+affitto\b"
    r"|\baffittuari[oa]\b|\bhuurder\b|\bhuurwoning\b|\bik\s+huur\b"
    r"|\bcasa\s+arrendada\b|\barrendatári[oa]\b|\bcasa\s+alugada\b|\bde\s+renda\b|\bpagamos\s+renda\b"
)
ANY_RENT = r"alquil|loyer|locat|affitt|\bhuur|arrend|alug|\brenda\b"
OWN = (
    r"\bhipoteca\b|\bvivienda\s+propia\b|\bpiso\s+propio\b|\bpropietari[oa]\b|\bpropriétaire\b"
    r"|\bcrédit\s+immobilier\b|\bmutuo\b|\bcasa\s+di\s+proprietà\b|\bhypotheek\b|\bkoopwoning\b|\beigen\s+huis\b"
    r"|\bcrédito\s+(?:à\s+)?habitação\b|\bcasa\s+própria\b|\bhabitação\s+própria\b"
)
PURPOSE_CONTEXT = (
    r"préstamo|destin\w+|\bpara\b|\bprêt\b|\bpour\b|prestito|\bper\b|\blening\b|\bvoor\b|empréstimo|crédito"
)
PURPOSE_WORDS: dict[str, str] = {
    "car (used)": r"coche\s+(?:usado|de\s+segunda\s+mano)|voiture\s+d'occasion|auto\s+usata"
                  r"|tweedehands\s+auto|carro\s+usado|automóvel\s+usado|viatura\s+usada|carro\s+seminovo",
    "car (new)": r"coche\s+nuevo|voiture\s+neuve|auto\s+nuova|nieuwe\s+auto|carro\s+novo|automóvel\s+novo",
    "education": r"estudios|matrícula|études|frais\s+de\s+scolarité|\bstudi\b|opleiding|studie\b"
                 r"|propinas|mestrado|licenciatura|\bestudos\b",
    "domestic appliances": r"electrodomésticos?|lavadora|nevera|électroménager|elettrodomestici|witgoed"
                           r"|eletrodomésticos?|frigorífico|máquina\s+de\s+lavar",
    "repairs": r"reform\w*|repar\w*|\bobras\b|arregl\w*|travaux|rénov\w*|répar\w*|ristruttur\w*|ripar\w*"
               r"|verbouw\w*|renovat\w*|reparat\w*|remodel\w*",
    "furniture/equipment": r"muebles|meubles|ameublement|mobili|arredamento|meubels|móveis|mobília",
    "others": r"\bboda\b|vacaciones|mariage|vacances|matrimonio|vacanze|bruiloft|vakantie",
}  # fmt: skip
