"""Pure functions from models to what documents show: outlines, schedules, statistics.

Each document kind names the functions laying it out (see :mod:`gongwen.kinds`); they are
imported from their modules, so that a document imports what its own kind needs alone.
"""
