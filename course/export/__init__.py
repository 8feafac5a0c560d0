"""Exports of a built course beyond the website: the workbook and the facilitator guide as PDF."""
