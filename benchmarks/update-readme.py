#!/usr/bin/env python3
"""Copies BenchmarkDotNet/harness reports into benchmarks/results/ and regenerates the README tables from them.

Usage: python3 benchmarks/update-readme.py [REPORT_DIR]
REPORT_DIR defaults to benchmarks/Guarded.Benchmarks/BenchmarkDotNet.Artifacts/results. Only the reports present there
are copied and replaced; the tables of classes that were not re-run keep their committed report.
The analyzer benchmark (Guarded.AnalyzerBenchmarks) writes its report straight into results/; its block in the README,
between the analyzer-performance markers, is replaced by that report.
"""
import html
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
RESULTS = os.path.join(HERE, "results")
README = os.path.join(HERE, "README.md")

# README heading (prefix) -> report file name
SECTIONS = {
    "### Cache hit path (`CacheHitBenchmarks`": "Guarded.Benchmarks.CacheHitBenchmarks-report-github.md",
    "### Cache hit path with string keys": "Guarded.Benchmarks.CacheHitStringKeyBenchmarks-report-github.md",
    "### Session lock, uncontended": "Guarded.Benchmarks.SessionLockBenchmarks-report-github.md",
    "### Ledger, in memory": "Guarded.Benchmarks.LedgerBenchmarks-report-github.md",
    "### Ledger, durable": "Guarded.Benchmarks.JournaledLedgerBenchmarks-report-github.md",
    "### PostgreSQL vs in memory": "Guarded.Benchmarks.PostgreSqlBenchmarks-report-github.md",
}
STORM_HEADING = "### Miss storm"
STORM_REPORT = "MissStorm-report.md"
ANALYZER_REPORT = "AnalyzerPerformance-report.md"
ANALYZER_BEGIN = "<!-- analyzer-performance:begin -->"
ANALYZER_END = "<!-- analyzer-performance:end -->"


def table_of(report):
    with open(report, encoding="utf-8") as f:
        return [html.unescape(line.rstrip("\n")) for line in f if line.startswith("|")]


def replace_block(lines, heading, new_block, block_start):
    """Replaces, after the heading, the first block whose first line satisfies block_start, up to the table's end."""
    i = next(n for n, line in enumerate(lines) if line.startswith(heading))
    j = next(n for n in range(i + 1, len(lines)) if block_start(lines[n]))
    k = j
    while k < len(lines) and lines[k].strip() != "" and not lines[k].startswith("#"):
        k += 1
    # For the storm block the intro lines precede the table: extend through the table.
    while k < len(lines) and (lines[k].startswith("|") or (lines[k].strip() == "" and k + 1 < len(lines) and lines[k + 1].startswith("|"))):
        k += 1
    return lines[:j] + new_block + lines[k:]


def main():
    source = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "Guarded.Benchmarks", "BenchmarkDotNet.Artifacts", "results")
    for name in (os.listdir(source) if os.path.isdir(source) else []):
        target = os.path.join(RESULTS, name)
        if (name.endswith("-report-github.md") or name == STORM_REPORT) and not (
            os.path.exists(target) and os.path.samefile(os.path.join(source, name), target)
        ):
            shutil.copyfile(os.path.join(source, name), target)

    with open(README, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for heading, report in SECTIONS.items():
        path = os.path.join(RESULTS, report)
        if os.path.exists(path):
            lines = replace_block(lines, heading, table_of(path), lambda line: line.startswith("|"))
    storm = os.path.join(RESULTS, STORM_REPORT)
    if os.path.exists(storm):
        with open(storm, encoding="utf-8") as f:
            block = f.read().rstrip("\n").split("\n")
        lines = replace_block(lines, STORM_HEADING, block, lambda line: line.startswith("Miss storm:"))
    analyzer = os.path.join(RESULTS, ANALYZER_REPORT)
    if os.path.exists(analyzer) and ANALYZER_BEGIN in lines and ANALYZER_END in lines:
        with open(analyzer, encoding="utf-8") as f:
            block = f.read().rstrip("\n").split("\n")
        begin, end = lines.index(ANALYZER_BEGIN), lines.index(ANALYZER_END)
        lines = lines[: begin + 1] + block + lines[end:]
    with open(README, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


if __name__ == "__main__":
    main()
