"""Organisations, customers, agents, teams and API tokens."""
