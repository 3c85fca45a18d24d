"""Scorers: small pure classes over a suite's typed state, each with a red and a green case."""
