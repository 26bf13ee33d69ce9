"""Rendering: results.json documents to Markdown (and, later, HTML and DOCX) through jinja2
templates. Rendering never computes statistics; it only formats what results.json holds."""
