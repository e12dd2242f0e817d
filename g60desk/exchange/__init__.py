"""Files exchanged with people: bundle (.json) files and spreadsheets."""
