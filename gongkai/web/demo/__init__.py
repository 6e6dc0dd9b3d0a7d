"""Demo data for `manage.py seed_demo` (fictional; see loader.py for how it is loaded)."""
