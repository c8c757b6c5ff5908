"""`gkssg serve`: the development server, its file watcher and live reload."""
