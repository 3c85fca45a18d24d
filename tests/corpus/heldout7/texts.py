# ruff: noqa: E501
# (document text: the long strings are the documents' own lines)
"""The plain-text documents of the seventh held-out corpus: v03's cover e-mail (English, GBP, an
Outlook copy with the broker's first message below), v04's online application summary (US credit
union, question-and-answer printout, USD), v07's Finnish e-mail (.eml, multipart/alternative,
both parts base64) and v08's Japanese application receipt page (HTML, JPY). Called by
`make_documents.py`."""

from __future__ import annotations

from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

from make_documents import write_text

UK_EMAIL = """From: Gareth Hollis <gareth@hollisjoinery.example>
Sent: 18 November 2025 21:07
To: Rachel Pryce <rachel.pryce@valleyfinance-brokers.example>
Cc: Sian Hollis <sian.hollis@outlook.example>
Subject: RE: Personal loan - documents and details (our ref VFB-25-3318)
Attachments: SA302_2024-25_and_2023-24.pdf

Hi Rachel,

Thanks for your time on the phone on Friday. As promised, here are the details for the loan, and I've attached my SA302s for the last two tax years.

What we're after is £14,500 over four years (48 months) towards a second-hand family car - a 2021 Skoda Kodiaq with 38,000 miles on it that Cardiff Road Motors have up for £17,950. We'd put the other £3,450 down from savings.

About me: I'm Gareth Hollis, date of birth 14/03/1984. I've been self-employed as a joiner since June 2016, trading as Hollis Joinery & Carpentry (sole trader, no employees, VAT registered since 2021). Last year was the best year I've had; after income tax and National Insurance it works out at roughly £3,160 a month take-home, though it goes up and down with the seasons. Sian works part-time as a receptionist at the surgery and takes home about £1,280 a month, but the loan would be in my name only.

We own our house with a mortgage with Principality - the monthly payment is £1,086.40 and there's about £142,000 left to pay (we remortgaged in 2023, fixed until March 2028). We've got two children, Cerys (11) and Osian (8).

Other commitments: the van is on hire purchase with Close Brothers at £389.00 a month (22 payments left), and there's 0% finance on a sofa from DFS at £62.50 a month with 7 payments to go. I've got a credit card with a £4,500 limit but I clear it in full every month. No other loans or overdraft.

The dealer quoted us 10.9% APR through their own finance (about £371 a month), which is why I thought I'd see what you can find. If you need the last two years' accounts from my accountant (Morgan & Rees, Caerphilly) I can get those to you this week.

Thanks again,
Gareth

Gareth Hollis
Hollis Joinery & Carpentry
Unit 3, Bedwas Workshops, Caerphilly CF83 8HU
07700 900418 | UTR 58213 44107

-----Original Message-----
From: Rachel Pryce <rachel.pryce@valleyfinance-brokers.example>
Sent: 14 November 2025 16:22
To: Gareth Hollis <gareth@hollisjoinery.example>
Subject: Personal loan - documents and details (our ref VFB-25-3318)

Hi Gareth,

Lovely to speak to you earlier. To get things started, could you send me:
- your SA302 tax calculations and Tax Year Overviews for the last two years
- how much you'd like to borrow, over how long and what for
- your monthly outgoings on the mortgage and any credit agreements

Representative example: borrowing £10,000 over 60 months at 9.9% APR representative, 60 monthly repayments of £209.77, total amount payable £12,586.20.

Kind regards,
Rachel Pryce
Valley Finance Brokers Ltd | 01443 447 180
Valley Finance Brokers Ltd is authorised and regulated by the Financial Conduct Authority (FRN 744718). We are a credit broker, not a lender.
"""

US_SUMMARY = """WILLAMETTE VALLEY COMMUNITY CREDIT UNION
Online Loan Application - Summary of Your Answers

Application ID:  PL-2025-1117-0381
Submitted:       11/17/2025 7:42 PM PST
Product:         Personal Loan (unsecured)
Status:          Received - a loan officer will contact you within 1 business day
Member since:    2017 (membership no. ending 0932)

------------------------------------------------------------------
ABOUT YOU
------------------------------------------------------------------
What is your full legal name?
    Marisol T. Vega
What is your date of birth?
    07/22/1991
Social Security Number
    ***-**-4471
What is your home address?
    4417 SE Division St, Apt 12, Portland, OR 97206
Do you rent or own your home?
    Rent
How much is your monthly rent or mortgage payment?
    $1,695.00
Have you lived at this address for at least 2 years?
    No - previous address 2210 NE Alberta St, Portland, OR 97211 (3 years)

------------------------------------------------------------------
YOUR LOAN
------------------------------------------------------------------
How much would you like to borrow?
    $6,800.00
How long would you like to take to repay?
    36 months
What will you use the loan for?
    Home appliances (washer, dryer and refrigerator)
Estimated rate shown at application
    9.49% APR, est. payment $217.84/mo (not a commitment to lend)

------------------------------------------------------------------
EMPLOYMENT & INCOME
------------------------------------------------------------------
Employment status
    Full-time employee
Employer name
    Cascade Ridge Medical Group, LLC
Job title
    CT Technologist II
When did you start with this employer?
    03/11/2019
Gross monthly income (before taxes)
    $5,875.00
Net monthly income (take-home pay)
    $3,800.00
Other household income (optional)
    $2,950.00/mo - spouse, Daniel Vega (not applying)

------------------------------------------------------------------
DEBTS
------------------------------------------------------------------
List your monthly payments on other debts (do not include rent or mortgage):
    Auto loan - Capital One Auto Finance ....... $312.00/mo (balance $9,480)
    Student loan - Nelnet ...................... $184.00/mo (balance $21,300)
    Credit cards (minimum payments) ............ $45.00/mo (balances $1,210)
    Total monthly debt payments ................ $541.00

------------------------------------------------------------------
Co-applicant: None
Documents uploaded: paystub_2025-11-14.pdf (1)
Electronic disclosures accepted 11/17/2025 7:40 PM PST. By submitting you authorized WVCCU
to obtain a consumer credit report. Rates from 8.49% to 17.99% APR; terms 12 to 60 months.
Federally insured by NCUA. Equal Housing Opportunity.
"""


def uk_cover_email(path: Path) -> None:
    write_text(path, UK_EMAIL)


def us_application_summary(path: Path) -> None:
    write_text(path, US_SUMMARY, newline="\r\n")


FI_BODY = """Hei,

haen teiltä kulutusluottoa uuden auton hankintaan. Tarvitsisin lainaa kahdeksantoista tuhatta euroa, ja maksuajaksi toivoisin viisi vuotta eli kuusikymmentä kuukausierää. Auto on uusi Škoda Elroq, jonka hinta on 38 990 €; vanha automme (Toyota Corolla vm. 2012) menee vaihdossa noin 4 000 eurolla ja loput maksamme säästöistä.

Olen Janne Koskinen, synnyin 4.9.1987, ja asun Jyväskylässä. Olen ollut vakituisessa työsuhteessa Keski-Suomen Puunjalostus Oy:ssä maaliskuusta 2015 lähtien, nykyään tuotantoinsinöörinä. Nettopalkkani on kaksituhatta seitsemänsataakahdeksankymmentä euroa kuukaudessa (bruttona 3 950 €). Puolisoni Heidi on sairaanhoitaja ja hänen nettotulonsa on noin 2 300 €, mutta haen lainaa vain omiin nimiini.

Asumme vuokralla kolmiossa. Vuokra on kahdeksansataayhdeksänkymmentä euroa kuussa, minkä lisäksi maksamme vesimaksua 22 € henkilöltä. Meillä on kaksi lasta, 6- ja 9-vuotiaat.

Muita lainoja minulla on opintolaina, jonka lyhennys on satakaksikymmentä euroa kuussa, sekä osamaksu (Klarna, astianpesukone), 39 € kuussa vielä seitsemän kuukauden ajan. Luottokortin (luottoraja 2 000 €) maksan aina kokonaan. Edellisen autolainani maksoin pois vuonna 2023.

Näin verkkosivuillanne esimerkin: 10 000 € luotto, laina-aika 5 vuotta, todellinen vuosikorko 9,8 %, kuukausierä 209 €. Olisiko minulle mahdollista saada tarjous? Lähetän kolme viimeisintä palkkalaskelmaa (elo-lokakuu) erikseen suojatulla viestillä. Tavoitatte minut parhaiten arkisin klo 16 jälkeen numerosta 040 447 1882.

Ystävällisin terveisin

Janne Koskinen
Kangasvuorentie 12 B 14, 40340 Jyväskylä
FI21 4711 0010 4471 88
"""


def finnish_eml(path: Path) -> None:
    msg = EmailMessage(policy=SMTP)
    msg["From"] = "Janne Koskinen <janne.koskinen@kotiposti.example>"
    msg["To"] = "Järvi-Suomen Säästöpankki Lainat <lainat@jarvisuomen-saastopankki.example>"
    msg["Subject"] = "Kulutusluottohakemus – uusi auto / Janne Koskinen"
    msg["Date"] = "Fri, 21 Nov 2025 08:12:44 +0200"
    msg["Message-ID"] = "<20251121081244.4471.jk@kotiposti.example>"
    msg["X-Mailer"] = "Kotiposti Webmail 5.2"
    msg.set_content(FI_BODY, subtype="plain", charset="utf-8", cte="base64")
    paras = "".join(f"<p>{p.replace(chr(10), '<br>')}</p>\n" for p in FI_BODY.strip().split("\n\n"))
    html = f'<html><head><meta charset="utf-8"></head><body style="font-family:Arial,sans-serif;font-size:14px">\n{paras}</body></html>\n'
    msg.add_alternative(html, subtype="html", charset="utf-8", cte="base64")
    msg.set_boundary("=_kp_7f3a91c2e4b05d68_4471")
    path.write_bytes(msg.as_bytes())


def _rows(pairs: list[tuple[str, str]]) -> str:
    return "\n".join(f"        <tr><th>{a}</th><td>{b}</td></tr>" for a, b in pairs)


JA_SECTIONS = [
    (
        "お客さま情報",
        [
            ("お名前", "佐藤 健太"),
            ("フリガナ", "サトウ ケンタ"),
            ("生年月日", "平成2年7月18日（35歳）"),
            ("性別", "男性"),
            ("ご自宅住所", "〒060-0807 北海道札幌市北区北7条西4丁目2-15 ノースコート札幌702号室"),
            ("携帯電話番号", "090-4471-1882"),
            ("メールアドレス", "k.sato1990@example.ne.jp"),
            ("配偶者", "あり"),
            ("扶養家族（配偶者を除く）", "1人"),
            ("お住まいの種類", "賃貸（民間アパート・マンション）"),
            ("家賃（月額・管理費込み）", "78,000円"),
            ("住宅ローンのご返済", "なし"),
            ("現住所での居住年数", "6年"),
        ],
    ),
    (
        "お借入れ内容",
        [
            ("ご希望のお借入額", "60万円"),
            ("ご返済期間", "3年（36回）"),
            ("お使いみち", "テレビ・オーディオ機器の購入"),
            ("ボーナス併用返済", "利用しない"),
            ("ご返済用口座", "普通預金　札幌駅前支店　口座番号 ****471"),
        ],
    ),
    (
        "お勤め先",
        [
            ("勤務先名", "株式会社北斗精機"),
            ("勤務先所在地", "〒061-3244 北海道石狩市新港南2丁目7-4"),
            ("勤務先電話番号", "0133-64-4471"),
            ("雇用形態", "正社員"),
            ("入社年月", "2016年4月"),
            ("所属部署・役職", "製造技術課　主任"),
            ("税込年収", "520万円"),
            ("月々の手取り額", "310,000円"),
            ("健康保険証の種類", "社会保険（協会けんぽ）"),
        ],
    ),
]

JA_HTML = """<!DOCTYPE html>
<html lang="ja">
<head>
  <meta charset="UTF-8">
  <title>お申込み受付完了｜ひかり北斗銀行 フリーローン</title>
  <style>
    body {{ font-family: "Hiragino Kaku Gothic ProN", Meiryo, sans-serif; color: #222; margin: 0 auto; max-width: 760px; }}
    header {{ border-bottom: 3px solid #0a5c8a; padding: 12px 0; }}
    ol.steps {{ list-style: none; display: flex; gap: 18px; padding: 0; font-size: 13px; color: #888; }}
    ol.steps li.current {{ color: #0a5c8a; font-weight: bold; }}
    table {{ border-collapse: collapse; width: 100%; margin-bottom: 18px; font-size: 14px; }}
    th, td {{ border: 1px solid #c9d3dc; padding: 6px 10px; text-align: left; }}
    th {{ background: #eef3f7; width: 38%; font-weight: normal; }}
    h2 {{ font-size: 16px; border-left: 5px solid #0a5c8a; padding-left: 8px; }}
    .note {{ font-size: 12px; color: #555; }}
  </style>
</head>
<body>
  <header><strong>ひかり北斗銀行</strong>　個人ローン　インターネット申込</header>
  <ol class="steps"><li>1 お客さま情報の入力</li><li>2 入力内容の確認</li><li class="current">3 お申込み完了</li></ol>
  <h1>お申込みを受け付けました</h1>
  <p>フリーローン（無担保）のお申込みありがとうございます。審査結果は、原則として2営業日以内にお電話またはメールでご連絡いたします。このページを印刷して保管してください。</p>
  <table>
    <tr><th>受付番号</th><td>FL-20251105-004471</td></tr>
    <tr><th>お申込日時</th><td>2025年11月5日 21:14</td></tr>
    <tr><th>お申込み商品</th><td>ひかり北斗フリーローン</td></tr>
  </table>
{sections}
  <section>
    <h2>他社お借入れ状況</h2>
    <table>
      <thead><tr><th>お借入先</th><th>種類</th><th>お借入残高</th><th>毎月のご返済額</th></tr></thead>
      <tbody>
        <tr><td>ミライカード株式会社</td><td>カードローン</td><td>280,000円</td><td>12,000円</td></tr>
        <tr><td>道央信用金庫</td><td>マイカーローン</td><td>1,140,000円</td><td>31,500円</td></tr>
        <tr><td>合計</td><td></td><td>1,420,000円</td><td>43,500円</td></tr>
      </tbody>
    </table>
  </section>
  <p class="note">【貸付条件】ご融資額：10万円～800万円（1万円単位）　実質年率：年3.9%～14.5%　ご返済期間：6か月～10年（6～120回）　遅延損害金：年19.9%<br>
  【ご返済例】お借入額50万円・実質年率9.8%・ご返済期間3年（36回）の場合、毎月のご返済額16,082円、ご返済総額578,952円<br>
  審査の結果、ご希望に添えない場合がございます。お問い合わせ：ローンセンター 0120-447-188（平日9:00～20:00、2025年12月29日～2026年1月3日は休業）</p>
  <footer class="note">© 2025 The Hikari Hokuto Bank, Ltd. 登録金融機関 北海道財務局長（登金）第47号</footer>
</body>
</html>
"""


def japanese_html(path: Path) -> None:
    sections = "\n".join(
        f"  <section>\n    <h2>{title}</h2>\n    <table>\n      <tbody>\n{_rows(pairs)}\n      </tbody>\n    </table>\n  </section>"
        for title, pairs in JA_SECTIONS
    )
    write_text(path, JA_HTML.format(sections=sections))
