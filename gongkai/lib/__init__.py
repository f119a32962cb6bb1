"""Pure helpers with no models (environment, dates, Chinese identifiers)."""
