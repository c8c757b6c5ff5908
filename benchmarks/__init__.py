"""Benchmarks: a synthetic-site generator, the Hugo comparison, build timings and a profiler.

See docs/benchmarks.md. Every script runs as `python benchmarks/<name>.py` from the
repository root; they import each other as `benchmarks.<name>`.
"""
