"""Database: async engine, session scopes, ORM models and migrations."""
