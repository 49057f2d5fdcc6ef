"""fairdesk's SQLite database backend (`ENGINE = "fairdesk.lib.sqlite"`): see `base`."""
