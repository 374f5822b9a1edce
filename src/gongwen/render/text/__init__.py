"""How much room text takes: advance widths, lines, table columns and forms fitted to a page."""
