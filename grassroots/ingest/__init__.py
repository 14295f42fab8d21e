"""Importing real exports: CSV (UTF-8, UTF-8 with BOM, GB18030), Excel .xlsx and Parquet, in the
standard layout or any layout a header profile in config/profiles/ describes.

    from grassroots.ingest import import_files, report_frame
    reports = import_files(["工单.csv"], db="data/demo.duckdb", accept_valid=False, progress=bar)
    report_frame(reports)   # the refused rows and files, for download
"""

from grassroots.ingest.importer import MAX_ERRORS, import_files
from grassroots.ingest.report import FileReport, human, report_frame, summary_dict

__all__ = ["import_files", "report_frame", "summary_dict", "human", "FileReport", "MAX_ERRORS"]
