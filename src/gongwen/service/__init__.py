"""``gongwen serve``: the browser page for an office and the HTTP API for its OA system,
one ASGI application (FastAPI on uvicorn), a thin shell over the library like the CLI.

- :mod:`.settings` — limits and options, from the command line and ``GONGWEN_*`` variables;
- :mod:`.work` — the work directory, the shared LibreOffice pool and the bounded job queue;
- :mod:`.tasks` and :mod:`.batches` — the library calls each request makes;
- :mod:`.api` — the ``/api/v1`` routes; :mod:`.errors` — errors as JSON;
- :mod:`.app` — the application: middleware (size limit, access log), the page;
- :mod:`.command` — the ``gongwen serve`` command.

FastAPI and uvicorn are the ``serve`` extra: ``pip install 'gongwen[serve]'``.
"""
