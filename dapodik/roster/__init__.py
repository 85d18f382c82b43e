"""Roster PTK: all-or-nothing import from CSV/XLSX and export back, one school at a time.

Modules: ``columns`` (the fixed header and the check of one row), ``readers`` (streamed CSV/XLSX
rows and whole-file refusals), ``staging`` (the TEMP staging table and the set-based checks),
``services`` (``roster_import``), ``selectors`` (access and reads), ``export`` (CSV/XLSX writers).
"""
