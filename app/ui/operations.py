"""Run database work off the GUI thread.

`Operations.run(work, ...)` starts `work(session, actor)` on `QThreadPool.globalInstance()`.
The worker opens its own Session from the sessionmaker (one transaction, committed when `work`
returns, rolled back when it raises or was cancelled) and hands the result or the exception
back to the GUI thread through a queued signal; callbacks therefore always run in the GUI
thread and may touch widgets. Work never touches a widget.

- `key`: runs sharing a key form a generation sequence; only the newest one's result is
  delivered (search as you type drops stale results).
- `progress_text`: for long work, a progress dialog with "Annuleren" appears after ~500 ms.
  Cancelling discards the result and rolls the worker's transaction back.
- Errors: a `DomainError` becomes a message box, anything else goes to `sys.excepthook`
  (the crash dialog), unless `on_error` handles it.
"""

from __future__ import annotations

import itertools
import logging
import sys
import threading
import uuid
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from app.models import Medewerker
from app.services.audit import record_refusal
from app.services.errors import ConflictError, DomainError, ToegangGeweigerd
from app.services.toegang import RedenNodig

log = logging.getLogger(__name__)

Work = Callable[[Session, Medewerker], Any]

PROGRESS_DELAY_MS = 500


def record_refusal_safely(
    sessions: sessionmaker[Session],
    *,
    actor_id: uuid.UUID,
    gebruikersnaam: str,
    error: ToegangGeweigerd,
) -> None:
    """Put a refused access in the audit trail (its own transaction; the refused one was
    rolled back). A failure to record is logged, and the user still sees the refusal."""
    try:
        record_refusal(sessions, medewerker_id=actor_id, gebruikersnaam=gebruikersnaam, error=error)
    except Exception:
        log.exception("Weigering kon niet in de audittrail worden vastgelegd")


class Cancelled(Exception):
    """Raised inside the worker when the user cancelled: the transaction is rolled back."""


@dataclass
class _Job:
    token: int
    owner: QObject
    on_done: Callable[[Any], None]
    on_error: Callable[[BaseException], None] | None
    key: str | None
    generation: int
    cancel: threading.Event
    runnable: QRunnable
    progress_text: str | None = None
    progress_timer: QTimer | None = None
    progress: QProgressDialog | None = None


class _Dispatcher(QObject):
    """Carries results from workers to the GUI thread.

    Workers emit on this application-lifetime object, never on an `Operations` instance: that
    one may be deleted with its window while a worker is still running, and emitting on a
    QObject that is being destroyed in another thread crashes.
    """

    finished = Signal(int, int, object, object)  # operations id, token, result, error

    def __init__(self) -> None:
        super().__init__()
        self.owners: dict[int, weakref.ref[Operations]] = {}
        self.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @Slot(int, int, object, object)
    def _deliver(self, operations_id: int, token: int, result: Any, error: Any) -> None:
        ref = self.owners.get(operations_id)
        operations = ref() if ref is not None else None
        if operations is None or not shiboken6.isValid(operations):
            self.owners.pop(operations_id, None)
            return
        operations._deliver(token, result, error)


_dispatcher: _Dispatcher | None = None
_operations_ids = itertools.count(1)


def _get_dispatcher() -> _Dispatcher:
    """The dispatcher, made in (and so living in) the GUI thread on first use."""
    global _dispatcher
    if _dispatcher is None or not shiboken6.isValid(_dispatcher):
        _dispatcher = _Dispatcher()
    return _dispatcher


class _Runnable(QRunnable):
    def __init__(
        self,
        dispatcher: _Dispatcher,
        operations_id: int,
        token: int,
        work: Work,
        sessions: sessionmaker[Session],
        actor_id: uuid.UUID,
        cancel: threading.Event,
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the job keeps the Python wrapper until delivery
        self._dispatcher = dispatcher
        self._operations_id = operations_id
        self._token = token
        self._work = work
        self._sessions = sessions
        self._actor_id = actor_id
        self._cancel = cancel

    def run(self) -> None:
        result: Any = None
        error: BaseException | None = None
        gebruikersnaam = ""
        try:
            with self._sessions.begin() as session:
                actor = session.get(Medewerker, self._actor_id)
                if actor is None:
                    raise DomainError("De medewerker waarmee u werkt bestaat niet (meer).")
                gebruikersnaam = actor.gebruikersnaam
                result = self._work(session, actor)
                if self._cancel.is_set():
                    raise Cancelled
        except StaleDataError:  # a colleague's commit won a race the service did not guard
            error = ConflictError()
        except BaseException as exc:  # handed to the GUI thread, never lost
            error = exc
            if isinstance(exc, ToegangGeweigerd) and not isinstance(exc, RedenNodig):
                record_refusal_safely(
                    self._sessions,
                    actor_id=self._actor_id,
                    gebruikersnaam=gebruikersnaam,
                    error=exc,
                )
        self._dispatcher.finished.emit(self._operations_id, self._token, result, error)


class Operations(QObject):
    """The operations helper; one per UI context."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        actor_id: uuid.UUID,
        parent: QObject | None = None,
        *,
        pool: QThreadPool | None = None,
    ) -> None:
        super().__init__(parent)
        self._sessions = sessions
        self._actor_id = actor_id
        self._pool = pool or QThreadPool.globalInstance()
        self._tokens = itertools.count(1)
        self._jobs: dict[int, _Job] = {}
        self._generations: dict[str, int] = {}
        self._dispatcher = _get_dispatcher()
        self._id = next(_operations_ids)
        self._dispatcher.owners[self._id] = weakref.ref(self)

    def run(
        self,
        work: Work,
        *,
        owner: QObject,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
        key: str | None = None,
        progress_text: str | None = None,
    ) -> int:
        """Start `work(session, actor)` in the background; returns a token for `cancel`.

        `owner` is the widget the result is for: if it is deleted before the work ends, the
        result is dropped. It is also the parent of the progress and error dialogs.
        """
        token = next(self._tokens)
        generation = 0
        if key is not None:
            generation = self._generations.get(key, 0) + 1
            self._generations[key] = generation
        cancel = threading.Event()
        runnable = _Runnable(
            self._dispatcher, self._id, token, work, self._sessions, self._actor_id, cancel
        )
        job = _Job(token, owner, on_done, on_error, key, generation, cancel, runnable)
        if progress_text is not None:
            job.progress_text = progress_text
            job.progress_timer = QTimer(self)
            job.progress_timer.setSingleShot(True)
            job.progress_timer.timeout.connect(lambda: self._show_progress(token))
            job.progress_timer.start(PROGRESS_DELAY_MS)
        self._jobs[token] = job
        self._pool.start(runnable)
        return token

    def cancel(self, token: int) -> None:
        """Stop waiting for this work: its result is dropped and its transaction rolled back."""
        job = self._jobs.pop(token, None)
        if job is not None:
            job.cancel.set()
            self._close_progress(job)

    def is_running(self, token: int) -> bool:
        return token in self._jobs

    def pending(self) -> int:
        """How many runs have not been delivered yet."""
        return len(self._jobs)

    def wait_for_done(self, msecs: int = -1) -> bool:
        """Block until the pool is idle (tests, shutdown); results are delivered later."""
        return self._pool.waitForDone(msecs)

    def _show_progress(self, token: int) -> None:
        job = self._jobs.get(token)
        if job is None or job.progress is not None:
            return
        parent = job.owner if isinstance(job.owner, QWidget) else None
        dialog = QProgressDialog(job.progress_text or "", self.tr("Annuleren"), 0, 0, parent)
        dialog.setWindowTitle(self.tr("Even geduld"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(lambda: self.cancel(token))
        job.progress = dialog
        dialog.show()

    def progress_dialog(self, token: int) -> QProgressDialog | None:
        job = self._jobs.get(token)
        return job.progress if job is not None else None

    @staticmethod
    def _close_progress(job: _Job) -> None:
        if job.progress_timer is not None:
            job.progress_timer.stop()
            job.progress_timer.deleteLater()
            job.progress_timer = None
        if job.progress is not None:
            progress, job.progress = job.progress, None
            progress.canceled.disconnect()
            progress.hide()
            progress.deleteLater()

    def _deliver(self, token: int, result: Any, error: BaseException | None) -> None:
        job = self._jobs.pop(token, None)
        if job is None or job.cancel.is_set():
            return  # cancelled
        self._close_progress(job)
        if job.key is not None and self._generations.get(job.key) != job.generation:
            return  # a newer run with the same key was started: this result is stale
        if not shiboken6.isValid(job.owner):
            return
        if error is None:
            job.on_done(result)
        elif job.on_error is not None:
            job.on_error(error)
        else:
            report_error(job.owner, error)


def report_error(owner: QObject | None, error: BaseException) -> None:
    """Default handling of an error that came back from a worker."""
    if isinstance(error, DomainError):
        from app.ui.errors import show_domain_error

        show_domain_error(owner if isinstance(owner, QWidget) else None, error)
    elif isinstance(error, Cancelled):
        pass
    else:
        sys.excepthook(type(error), error, error.__traceback__)


class _Calls(QObject):
    """Carries the results of `call_in_background` to the GUI thread; application-lifetime,
    for the same reason as `_Dispatcher`."""

    finished = Signal(int, object, object)  # token, result, error

    def __init__(self) -> None:
        super().__init__()
        self.pending: dict[int, tuple[weakref.ref[QObject], Callable, QRunnable]] = {}
        self.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @Slot(int, object, object)
    def _deliver(self, token: int, result: Any, error: Any) -> None:
        owner_ref, on_done, _runnable = self.pending.pop(token)
        owner = owner_ref()
        if owner is not None and shiboken6.isValid(owner):
            on_done(result, error)


class _Call(QRunnable):
    def __init__(self, calls: _Calls, token: int, work: Callable[[], Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)  # `_Calls.pending` keeps the wrapper until delivery
        self._calls, self._token, self._work = calls, token, work

    def run(self) -> None:
        result: Any = None
        error: BaseException | None = None
        try:
            result = self._work()
        except BaseException as exc:  # handed to the GUI thread, never lost
            error = exc
        self._calls.finished.emit(self._token, result, error)


_calls: _Calls | None = None
_call_tokens = itertools.count(1)


def call_in_background(
    owner: QObject,
    work: Callable[[], Any],
    on_done: Callable[[Any, BaseException | None], None],
) -> None:
    """One call off the GUI thread before anyone has signed in (testing a server connection,
    loading the demo data): no session and no actor, unlike `Operations.run`. `on_done(result,
    error)` runs in the GUI thread, unless `owner` was deleted meanwhile."""
    global _calls
    if _calls is None or not shiboken6.isValid(_calls):
        _calls = _Calls()
    token = next(_call_tokens)
    runnable = _Call(_calls, token, work)
    _calls.pending[token] = (weakref.ref(owner), on_done, runnable)
    QThreadPool.globalInstance().start(runnable)
