"""Use cases (open, save, check, export) over ports that storage and pdf implement."""
