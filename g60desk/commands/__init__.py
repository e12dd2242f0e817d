"""Command-line sub-commands; each module has ``register(subparsers)``.

Each command sets ``func(args) -> int`` (the exit code) on its parser.
"""
