"""Alembic migrations, shipped inside the package so `circles migrate` works from any install."""
