"""Benchmarks and the synthetic register they measure on.

A package so that benches and tests import each other by name, not by file path.
"""
