"""Crash-safety tests: Koers processes killed with SIGKILL in the middle of their writes."""
