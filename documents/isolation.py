"""A document laid out in a forked child with a time and a memory limit (issue 18, hole 2).

`documents.bounds` keeps the layout of any stored text linear; this is the backstop for what it did
not foresee: a render that runs past `DOCUMENT_RENDER_TIMEOUT` seconds or grows past
`DOCUMENT_RENDER_MEMORY_MB` is stopped, and the user gets a clear Russian message
(`DocumentTooHeavy`, shown by `documents.views.DocumentView`) instead of a worker held for minutes.

Why a forked child and not the alternatives:

- `signal.setitimer` works only in the main thread, interrupts only between Python bytecodes (not
  inside a long Pango call) and leaves the thread's cached fonts and stylesheets in an unknown state;
- a Celery task with a progress page needs a broker in every set-up, including the test runner
  and the demo;
- a fork is cheap (the pages are shared copy-on-write, the fonts and stylesheets already loaded
  in the worker come along), the child can be killed at any point whatever it is doing, and the
  kernel enforces its memory limit (`RLIMIT_AS`). The database is read in the parent before the fork:
  the child only turns strings into bytes and never touches a connection, and leaves through
  `os._exit` (no exit handlers, no connection closed under the parent).

Under gunicorn's sync workers (one request per process, the deployment of `Dockerfile`) and in the
test runner the fork is safe. In a threaded server (`runserver`) a child forked while another thread
holds a lock inside a C library could hang: it is then killed by the same time limit and the user
sees the same message. Where `os.fork` does not exist, or `DOCUMENT_RENDER_ISOLATED` is off, the
document is made in the process itself."""

from __future__ import annotations

import os
import pickle
import resource
import select
import signal
import struct
import time
import traceback
from collections.abc import Callable

from django.conf import settings
from django.utils.translation import gettext_lazy as _

TIMEOUT = 15.0  # seconds; below gunicorn's 30 s worker timeout
MEMORY_MB = 768  # address space the child may add to what the worker already has


class DocumentTooHeavy(Exception):
    """The document could not be made within the limits; the message is for the user."""

    def __init__(self, message=None):
        super().__init__(
            message
            or _(
                "Документ слишком большой: сформировать его не удалось за отведённое время. "
                "Сократите очень длинные тексты в данных проекта и попробуйте снова."
            )
        )


def _limits() -> tuple[float, int]:
    return (
        float(getattr(settings, "DOCUMENT_RENDER_TIMEOUT", TIMEOUT)),
        int(getattr(settings, "DOCUMENT_RENDER_MEMORY_MB", MEMORY_MB)),
    )


def _virtual_size() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _child(fn: Callable[[], bytes], fd: int, memory_mb: int) -> None:
    status = 0
    try:
        if memory_mb and os.path.exists("/proc/self/statm"):
            ceiling = _virtual_size() + memory_mb * 2**20
            resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))
        try:
            payload = pickle.dumps(("ok", fn()))
        except (MemoryError, SystemError):  # an allocation refused under RLIMIT_AS, in Python or in C
            status = 3
            return
        except Exception as error:  # a bug is the parent's to raise, not a «too heavy» document
            try:
                payload = pickle.dumps(("error", error))
            except Exception:
                payload = pickle.dumps(("error", RuntimeError(traceback.format_exc())))
        _write_all(fd, struct.pack("!Q", len(payload)) + payload)
    except BaseException:
        status = 2
    finally:
        os._exit(status)


def run_isolated(fn: Callable[[], bytes]) -> bytes:
    """`fn()` in a forked child under the time and memory limits; raises `DocumentTooHeavy` when the
    child is stopped or runs out of memory, re-raises what `fn` raised otherwise."""
    timeout, memory_mb = _limits()
    if not getattr(settings, "DOCUMENT_RENDER_ISOLATED", True) or not hasattr(os, "fork"):
        return fn()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child leaves through os._exit
        os.close(read)
        _child(fn, write, memory_mb)
    os.close(write)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                os.kill(pid, signal.SIGKILL)
                raise DocumentTooHeavy()
            ready, _w, _x = select.select([read], [], [], left)
            if ready:
                chunk = os.read(read, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
    finally:
        os.close(read)
        _pid, status = os.waitpid(pid, 0)
    data = b"".join(chunks)
    if len(data) < 8 or len(data) != 8 + struct.unpack("!Q", data[:8])[0]:
        # killed by the memory limit or a signal inside a C library
        raise DocumentTooHeavy()
    kind, value = pickle.loads(data[8:])
    if kind == "error":
        raise value
    return value
