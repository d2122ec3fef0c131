"""The Qt base classes that call a hook refuse, at definition time, a subclass without it."""

import pytest

from app.ui.beheer import LazyPage
from app.ui.dossier import InwonerPage
from app.ui.iop_dialogs import ServiceDialog


@pytest.mark.parametrize(("base", "hook"), [(LazyPage, "refresh"), (InwonerPage, "load"),
                                            (ServiceDialog, "perform")])  # fmt: skip
def test_subclass_without_its_hook_is_refused(base, hook):
    with pytest.raises(TypeError, match=f"moet {hook} definiëren"):
        type("Onvolledig", (base,), {})
    assert type("Volledig", (base,), {hook: lambda self, *a: None})
