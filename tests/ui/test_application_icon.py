"""The application icon (resources/koers.svg, rendered to koers.png) is set for every window
and matches the menu entry of `koers snelkoppeling`."""

from __future__ import annotations


def test_the_application_has_its_icon_and_desktop_name(qapp):
    from app.ui.application import make_application

    app = make_application()
    assert not app.windowIcon().isNull()
    assert app.desktopFileName() == "koers"
