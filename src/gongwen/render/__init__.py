"""The writers, one subpackage per format (``docx``, ``xlsx``, ``pdf``, ``text``).

``gongwen`` makes this package callable as :func:`gongwen.api.render`: ``gongwen.render(document,
"out")`` renders a document, and ``gongwen.render.pdf.PdfConverter`` is the PDF pool.
"""
