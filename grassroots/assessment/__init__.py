"""Assessment (考核): weighted indicator systems from config/indicators/*.toml, scorecards per unit
(street, community or centre) with ranks and colours, and the files an organisation department
files (.xlsx workbook, printable PDF).

    system.py     load and validate an indicator system (errors name the file and line)
    rules.py      scoring rules (linear to a target, bands, deduction per case) and colours
    scorecard.py  values, scores, totals, ranks with the minimum-n rule, change vs the previous period
    drill.py      how one score was computed, and the records behind it
    report.py     what the page, the workbook and the PDF share: title, labels, the table
    (its plotly figures are grassroots/charts/assessment.py)
    fonts.py      a CJK font on this machine, for the PDF and its charts
    xlsx.py       the workbook
    pdf.py        the printable report
"""
