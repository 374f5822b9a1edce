"""``python -m gongwen`` runs the command line."""

from .cli import main

main()
