"""Koers: casemanagement voor sociaal ontwikkelbedrijven en sociale diensten."""

__version__ = "0.1.0"
