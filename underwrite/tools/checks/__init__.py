"""Checks over an application's facts: affordability ratios, income consistency, anomaly."""
