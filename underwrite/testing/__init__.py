"""Test doubles shipped with the package so tests, benchmarks and other areas' tests can share them."""
