#!/usr/bin/env python3
"""Reads a built site's open data with the tools analysts use, and reports what it found.

  check-open-data.py PUBLIC_DIR

- data/entities.json and data/articles.json are validated against data/schema/*.json
  (jsonschema, draft 2020-12, with formats checked);
- data/mentions.csv and data/observations.csv are read by Python's csv module
  (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes);
- data/dossier.sqlite is opened with sqlite3: integrity and foreign keys checked, a join
  of the four tables run, and `datasette inspect` asked for its tables;
- every articles/<slug>/cite.bib is parsed with bibtexparser.

Prints one JSON object (what each reader got) and exits 1 when any reader failed.
"""
import csv
import glob
import json
import os
import sqlite3
import subprocess
import sys

import bibtexparser
import jsonschema


def main(public):
    problems = []
    report = {"problems": problems}
    data = os.path.join(public, "data")

    # JSON, against its schema.
    for name in ("entities", "articles"):
        with open(os.path.join(data, name + ".json"), encoding="utf-8") as f:
            document = json.load(f)
        with open(os.path.join(data, "schema", name + ".schema.json"), encoding="utf-8") as f:
            schema = json.load(f)
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
        for error in validator.iter_errors(document):
            problems.append(f"{name}.json: {error.json_path}: {error.message}")
        report[name] = len(document)

    # CSV, as RFC 4180 readers read it.
    for name, header in (("mentions", ["article", "date", "entity", "sentence"]),
                         ("observations", ["figure", "date", "value", "unit", "article"])):
        with open(os.path.join(data, name + ".csv"), encoding="utf-8", newline="") as f:
            raw = f.read()
        if raw and not raw.endswith("\r\n"):
            problems.append(f"{name}.csv: records do not end with CRLF")
        rows = list(csv.reader(raw.splitlines(keepends=True), strict=True))
        if not rows or rows[0] != header:
            problems.append(f"{name}.csv: header {rows[:1]} is not {header}")
        for n, row in enumerate(rows[1:], start=2):
            if len(row) != len(header):
                problems.append(f"{name}.csv: record {n} has {len(row)} fields")
        report[name + "_csv"] = rows[1:]

    # SQLite: sound, its keys hold, and the tables join.
    path = os.path.join(data, "dossier.sqlite")
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    if db.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
        problems.append("dossier.sqlite: integrity_check failed")
    broken = db.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        problems.append(f"dossier.sqlite: {len(broken)} rows break a foreign key: {broken[:3]}")
    report["journal_mode"] = db.execute("PRAGMA journal_mode").fetchone()[0]
    report["page_size"] = db.execute("PRAGMA page_size").fetchone()[0]
    report["tables"] = sorted(r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"))
    report["indexes"] = sorted(r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex%'"))
    report["sql_counts"] = {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                            for t in ("entities", "articles", "mentions", "observations")}
    report["sql_join"] = db.execute("""
        SELECT a.slug, e.entity, e.name, COUNT(*) FROM mentions m
        JOIN articles a ON a.slug = m.article JOIN entities e ON e.entity = m.entity
        GROUP BY a.slug, e.entity ORDER BY a.slug, e.entity""").fetchall()
    report["sql_observations"] = db.execute("""
        SELECT o.figure, o.value, e.unit, a.title FROM observations o
        JOIN entities e ON e.entity = o.figure JOIN articles a ON a.slug = o.article
        ORDER BY o.id""").fetchall()
    report["sql_entities"] = {r[0]: {"name": r[1], "names": json.loads(r[2]), "mentions": r[3], "status": r[4]}
                              for r in db.execute("SELECT entity, name, names, mentions, status FROM entities")}
    db.close()
    datasette = os.path.join(os.path.dirname(sys.executable), "datasette")
    inspected = subprocess.run([datasette, "inspect", path], capture_output=True, text=True)
    if inspected.returncode != 0:
        problems.append(f"datasette inspect failed: {inspected.stderr[-500:]}")
    else:
        tables = next(iter(json.loads(inspected.stdout).values()))["tables"]
        report["datasette"] = {name: table["count"] for name, table in tables.items()}

    # BibTeX.
    report["bib"] = {}
    for bib in sorted(glob.glob(os.path.join(public, "articles", "*", "cite.bib"))):
        slug = os.path.basename(os.path.dirname(bib))
        with open(bib, encoding="utf-8") as f:
            library = bibtexparser.parse_string(f.read())
        if library.failed_blocks or len(library.entries) != 1:
            problems.append(f"{slug}/cite.bib: {len(library.failed_blocks)} blocks failed, {len(library.entries)} entries")
            continue
        entry = library.entries[0]
        report["bib"][slug] = {"type": entry.entry_type, "key": entry.key,
                               **{field.key: field.value for field in entry.fields}}
    json.dump(report, sys.stdout, ensure_ascii=False)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
