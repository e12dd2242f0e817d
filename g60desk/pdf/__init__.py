"""reportlab rendering of a declaration to a print-ready PDF."""
