"""Field labels and category wordings in Portuguese (Portugal and Brazil). Data only.

Written from how Portuguese consumer-credit forms usually word their questions (a bank's *pedido de
crédito pessoal*, a Brazilian *proposta de crédito* or *ficha cadastral*: "Montante pretendido",
"Prazo (meses)", "Rendimento líquido mensal", "Renda líquida", "Aluguel"), not copied from any test
document. "Renda" alone is left out on purpose: in Portugal it is the rent, in Brazil the income.
"""

from __future__ import annotations

PORTUGUESE_LABELS: dict[str, list[str]] = {
    "applicant_name": [
        *("Nome completo", "Nome do proponente", "Proponente", "Nome do titular", "Nome do cliente"),
        *("Nome do requerente", "Requerente", "Nome", "Nome e apelido", "Nome e apelidos"),
    ],
    "date_of_birth": ["Data de nascimento", "Data nascimento", "Nascimento"],
    "application_date": [
        *("Data do pedido", "Data da proposta", "Data da solicitação", "Data do requerimento"),
        *("Local e data", "Data e local", "Data da assinatura"),
    ],
    "residence_years": [
        *("Tempo de residência", "Tempo de residência no endereço", "Reside desde", "Morada desde"),
        "Anos na morada atual",
    ],
    "loan_amount": [
        *("Montante pretendido", "Montante solicitado", "Montante do crédito", "Montante do empréstimo"),
        *("Valor solicitado", "Valor pretendido", "Valor do empréstimo", "Valor do crédito", "Montante"),
        "Valor do financiamento",
    ],
    "loan_term_months": [
        *("Prazo", "Prazo (meses)", "Prazo pretendido", "Prazo do crédito", "Prazo de pagamento"),
        *("Número de prestações", "Número de parcelas", "Quantidade de parcelas", "Prazo do empréstimo"),
    ],
    "loan_purpose": [
        *("Finalidade", "Finalidade do crédito", "Finalidade do empréstimo", "Objetivo do crédito"),
        *("Destino do crédito", "Destino do financiamento", "Objetivo"),
    ],
    "employment_status": [
        *("Situação profissional", "Vínculo laboral", "Tipo de vínculo", "Vínculo empregatício"),
        *("Tipo de contrato", "Situação laboral", "Ocupação", "Regime de trabalho", "Natureza da ocupação"),
    ],
    "employer_name": [
        *("Entidade patronal", "Entidade empregadora", "Empregador", "Empresa", "Nome da empresa"),
        *("Empresa onde trabalha", "Local de trabalho"),
    ],
    "employment_years": [
        *("Antiguidade", "Antiguidade na empresa", "Antiguidade no emprego", "Na empresa desde"),
        *("Data de admissão", "Admissão", "Tempo de serviço", "Tempo de empresa", "Trabalha desde"),
        *("Na entidade desde", "Na entidade patronal desde", "No emprego desde", "Na empresa há"),
    ],
    "monthly_net_income": [
        *("Rendimento líquido mensal", "Rendimento mensal líquido", "Rendimento líquido"),
        *("Vencimento líquido", "Salário líquido", "Salário líquido mensal", "Renda líquida"),
        *("Renda líquida mensal", "Renda mensal líquida", "Rendimento mensal"),
    ],
    "annual_income": ["Rendimento anual", "Rendimento anual líquido", "Renda anual"],
    "monthly_debt_payments": [
        *("Encargos mensais com créditos", "Encargos com créditos", "Prestações de outros créditos"),
        *("Outros créditos", "Outros empréstimos", "Parcelas de outros empréstimos", "Outras dívidas"),
        *("Total de prestações", "Compromissos financeiros mensais", "Responsabilidades de crédito"),
    ],
    "monthly_housing_cost": [
        *("Renda da casa", "Renda de casa", "Valor da renda", "Prestação da habitação"),
        *("Prestação do crédito habitação", "Prestação da casa", "Encargos com habitação"),
        *("Prestação mensal do crédito à habitação", "Prestação do crédito à habitação"),
        *("Aluguel", "Aluguel mensal", "Valor do aluguel", "Despesas com moradia"),
    ],
    "housing_status": [
        *("Habitação", "Tipo de habitação", "Situação habitacional", "Residência", "Tipo de residência"),
        *("Moradia", "Situação de moradia", "Tipo de moradia", "Imóvel"),
    ],
    "dependents": [
        *("Dependentes", "Número de dependentes", "Filhos a cargo", "Nº de dependentes"),
        "Número de filhos a cargo",
    ],
    "marital_status": ["Estado civil"],
    "nationality": ["Nacionalidade"],
}

PORTUGUESE_VALUES: dict[str, dict[str, list[str]]] = {
    "loan_purpose": {
        "car (used)": [
            *("automóvel usado", "carro usado", "viatura usada", "veículo usado", "carro seminovo"),
            *("automóvel seminovo", "viatura em segunda mão"),
        ],
        "car (new)": ["automóvel novo", "carro novo", "viatura nova", "veículo novo", "carro 0 km"],
        "furniture/equipment": ["mobiliário", "móveis", "equipamento para o lar", "recheio da casa"],
        "domestic appliances": ["eletrodomésticos", "electrodomésticos"],
        "radio/television": ["televisão", "televisor"],
        "repairs": [
            *("obras", "obras em casa", "remodelação", "remodelação da casa", "reparações"),
            *("reforma da casa", "reformas"),
        ],
        "education": ["educação", "formação", "estudos", "curso", "propinas", "faculdade"],
        "business": ["negócio", "atividade empresarial"],
        "others": ["outros", "outro", "outra finalidade"],
    },
    "housing_status": {
        "own": [
            *("própria", "habitação própria", "casa própria", "proprietário", "proprietária"),
            *("própria com crédito", "própria sem crédito", "própria com crédito habitação"),
            *("habitação própria com crédito", "habitação própria sem crédito", "imóvel próprio"),
            *("própria quitada", "própria financiada"),
        ],
        "rent": [
            *("arrendada", "arrendamento", "habitação arrendada", "casa arrendada", "arrendatário"),
            *("alugada", "aluguel", "casa alugada", "imóvel alugado", "inquilino", "inquilina"),
        ],
        "for free": [
            *("casa dos pais", "com os pais", "em casa dos pais", "cedida", "habitação cedida"),
            "casa de familiares",
        ],
    },
    "employment_status": {
        "employed": [
            *("contrato sem termo", "contrato a termo", "efetivo", "efetiva", "efectivo"),
            *("quadro permanente", "trabalhador por conta de outrem", "por conta de outrem"),
            *("assalariado", "assalariada", "CLT", "empregado", "empregada", "funcionário público"),
        ],
        "self-employed": [
            *("trabalhador independente", "trabalhadora independente", "conta própria", "autônomo"),
            *(
                "autônoma",
                "empresário",
                "empresária",
                "profissional liberal",
                "empresário em nome individual",
            ),
        ],
        "unemployed": ["desempregado", "desempregada"],
    },
}
