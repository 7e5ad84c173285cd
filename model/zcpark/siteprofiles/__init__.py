"""Hourly site profiles for the Profiles sheet: synthetic or measured weather (`weather`) turned
into PV and wind capacity factors and load archetypes (`profiles`)."""
