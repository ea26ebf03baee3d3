"""Scheduled work: jobs decide *when*; services decide *what*."""
