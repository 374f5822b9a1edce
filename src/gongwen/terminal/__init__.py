"""The terminal side of the ``gongwen`` command: click speaking Chinese (:mod:`.zh`), what
a command prints — for people or as JSON — and its exit codes (:mod:`.output`), and the
progress bar of long batches (:mod:`.progress`). Nothing here is imported by the library.
"""
