"""zcpark: least-cost planning of zero-carbon industrial parks (零碳园区)."""
__version__ = "0.1.0"
