"""The declaration as pure data: model, money, dates, indicator values. No I/O, no GUI."""
