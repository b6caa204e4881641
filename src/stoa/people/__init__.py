"""Accounts, profiles and roles."""
