"""The email outbox: every email Parley sends is a row queued in the caller's transaction,
claimed once, sent, and swept when a worker died (see README, "Promises about data and email")."""
