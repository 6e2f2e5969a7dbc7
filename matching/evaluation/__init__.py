"""A hand-written evaluation set for the text component and the measures read from it (see `cases` and `quality`)."""
