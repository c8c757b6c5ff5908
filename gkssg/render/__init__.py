"""Render: Markdown to safe HTML, links, templates and the pages a build writes."""
