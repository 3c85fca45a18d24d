"""What compliance keeps: the hash-chained audit trail and PII pseudonyms."""
