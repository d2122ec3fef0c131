"""The PySide6 user interface: views, dialogs and item models over the services."""
