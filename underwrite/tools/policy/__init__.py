"""The credit policy: the manual and its rule table (package data), their parser and the rule engine."""
