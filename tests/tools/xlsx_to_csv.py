#!/usr/bin/python3
"""Reads an aduan report workbook with openpyxl (Debian's python3-openpyxl) and prints, as
JSON, what the tests compare: the sheet names, the active sheet, frozen panes, the About
sheet, every value whose type is wrong, and the "SLA report" and "Breaches" sheets written
back as CSV by the rules of docs/reports.md, so that they can be compared byte for byte with
the CSV export:

- empty cells are empty fields; numbers are written as integers, compliance with 4 places;
- date-times (local to the operating zone, given as the second argument) become RFC 3339 UTC;
- text that a spreadsheet would take for a formula gets a leading apostrophe;
- fields are quoted as RFC 4180 needs (Python's csv module, minimal quoting, CRLF).

Usage: xlsx_to_csv.py FILE.xlsx TIMEZONE
"""
import csv
import datetime
import io
import json
import sys
import zoneinfo

import openpyxl

NUMERIC = {
    "SLA report": {"tickets", "fr_met", "fr_breached", "fr_open", "fr_compliance",
                   "fr_median_seconds", "fr_p90_seconds", "res_met", "res_breached",
                   "res_open", "res_compliance", "res_median_seconds", "res_p90_seconds"},
    "Breaches": {"ticket_id", "target_seconds", "overdue_seconds"},
}
DATES = {"due_at", "breached_at", "stopped_at"}


def main():
    path, tz = sys.argv[1], zoneinfo.ZoneInfo(sys.argv[2])
    wb = openpyxl.load_workbook(path)
    out = {"sheets": wb.sheetnames, "active": wb.active.title, "freeze": {}, "csv": {},
           "problems": [], "about": {}}

    def as_text(value, column):
        if value is None:
            return ""
        if isinstance(value, datetime.datetime):
            utc = value.replace(tzinfo=tz).astimezone(datetime.timezone.utc)
            return utc.strftime("%Y-%m-%dT%H:%M:%SZ")
        if isinstance(value, (int, float)) and column.endswith("_compliance"):
            return "%.4f" % value
        if isinstance(value, (int, float)):
            if float(value) != int(value):
                out["problems"].append("%s is not a whole number: %r" % (column, value))
            return str(int(value))
        if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
            return "'" + value
        return value

    for ws in wb.worksheets:
        out["freeze"][ws.title] = ws.freeze_panes
        if ws.title == "About":
            for label, value in ws.iter_rows(min_row=1, max_col=2, values_only=True):
                out["about"][label] = value.isoformat() if isinstance(value, datetime.datetime) else value
            continue
        kind = "Breaches" if ws.title.startswith("Breaches") else ws.title
        rows = list(ws.iter_rows(values_only=True))
        header = list(rows[0])
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        if ws.title == kind:
            writer.writerow(header)
        for number, row in enumerate(rows[1:], start=2):
            for column, value in zip(header, row):
                if value is None:
                    continue
                if column in NUMERIC.get(kind, set()) and not isinstance(value, (int, float)):
                    out["problems"].append("%s!%s row %d is not a number" % (ws.title, column, number))
                if column in DATES and not isinstance(value, datetime.datetime):
                    out["problems"].append("%s!%s row %d is not a date" % (ws.title, column, number))
                if column == "group" and not isinstance(value, str):
                    out["problems"].append("%s!group row %d is not text" % (ws.title, number))
            for cell, column in zip(ws[number], header):
                if column in DATES and cell.value is not None and "yy" not in cell.number_format:
                    out["problems"].append("%s!%s row %d has no date format" % (ws.title, column, number))
                if column.endswith("_compliance") and cell.value is not None and "%" not in cell.number_format:
                    out["problems"].append("%s!%s row %d is not shown as a percentage" % (ws.title, column, number))
            writer.writerow([as_text(v, c) for c, v in zip(header, row)])
        out["csv"][kind] = out["csv"].get(kind, "") + buf.getvalue()
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
