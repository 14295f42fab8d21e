"""The report leaders file: `python -m grassroots report` and the overview's report button.

period.py   2026-10, 2026-Q3, 2026 or 2026-01-01..2026-03-31 -> the pages' window
build.py    the report as data (its .json): KPIs, comparisons, pilots, ranking, hot spots ...
summary.py  the written summary, from the report's numbers only
layout.py   the report as a document (headings, paragraphs, tables with one format per column)
docx.py, pdf.py, xlsx.py   the files
files.py    one call that builds and writes every format asked for
cli.py      the command
"""
