"""Pile-on defence: the register of people, whom comments are aimed at, shields, and private removal requests."""
