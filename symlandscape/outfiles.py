"""Files the command line writes: atomically, into a directory it may write, all or nothing.

Every file goes to a temporary file in its own directory and is moved into place with
``os.replace`` (atomic on POSIX), so a reader never sees half a file. A run that
fails part-way (disk full, permissions, a path of the wrong kind) removes every
file and directory it created and reports one line (:class:`InputError`).
"""

__all__ = ["prepare_out_dir", "write_files", "write_text", "check_out_file", "write_out_files"]

import os
import tempfile

from .exact.numbers import InputError


def _why(e: OSError) -> str:
    return e.strerror or type(e).__name__


def prepare_out_dir(path: str, force: bool, ours) -> list:
    """Check (and with ``force`` clear) an output directory before anything is computed.

    Parameters
    ----------
    path : str
        The output directory; created later by :func:`write_files` if missing.
    force : bool
        Without it a non-empty directory is refused. With it, the files for which
        ``ours(relative_path)`` is true (the files this command writes) are removed,
        and directories left empty by that; nothing else is touched.
    ours : callable
        ``ours("CLAIM/001.json") -> bool``, relative paths with ``/``.

    Returns
    -------
    list of str
        The files removed.

    Raises
    ------
    InputError
        ``path`` is an existing non-directory, or a non-empty directory without ``force``.

    Examples
    --------
    >>> import tempfile, os
    >>> d = tempfile.mkdtemp(); open(os.path.join(d, "mine.md"), "w").close()
    >>> prepare_out_dir(d, False, lambda rel: rel == "mine.md")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    symlandscape.exact.numbers.InputError: ... is not empty (use --force to replace the files this command writes there)
    >>> [os.path.basename(p) for p in prepare_out_dir(d, True, lambda rel: rel == "mine.md")]
    ['mine.md']
    """
    if os.path.lexists(path) and not os.path.isdir(path):
        raise InputError(f"--out {path}: exists and is not a directory")
    if not os.path.isdir(path):
        # refuse now, not after the whole run, when a file is in the way of creating it
        anc = os.path.dirname(os.path.abspath(path))
        while not os.path.isdir(anc):
            if os.path.lexists(anc):
                raise InputError(f"--out {path}: {anc} exists and is not a directory")
            anc = os.path.dirname(anc)
        return []
    try:
        entries = os.listdir(path)
    except OSError as e:
        raise InputError(f"--out {path}: cannot read the directory: {_why(e)}") from None
    if not entries:
        return []
    if not force:
        raise InputError(f"--out {path}: is not empty (use --force to replace the files this "
                         f"command writes there)")
    removed = []
    try:
        for root, dirs, files in os.walk(path, topdown=False):
            for f in files:
                full = os.path.join(root, f)
                if ours(os.path.relpath(full, path).replace(os.sep, "/")):
                    os.remove(full)
                    removed.append(full)
            if root != path and not os.listdir(root) and any(
                    p.startswith(root + os.sep) for p in removed):
                os.rmdir(root)  # emptied by us
    except OSError as e:
        raise InputError(f"--out {path}: cannot remove old output: {_why(e)}") from None
    return removed


def write_files(out_dir: str, items) -> list:
    """Write ``(relative_path, text)`` pairs under ``out_dir``, all or nothing (``text``
    may be ``bytes``, written unchanged).

    Each file is written to a temporary file in its directory and moved into place
    with ``os.replace``. On any failure every file and directory created by this
    call is removed again and an :class:`InputError` (one line) is raised.

    Returns
    -------
    list of str
        The paths written, in order.

    Examples
    --------
    >>> import tempfile, os
    >>> d = tempfile.mkdtemp()
    >>> [os.path.relpath(p, d) for p in write_files(d, [("a/b.txt", "hi")])]
    ['a/b.txt']
    >>> write_files(d, [("a", "a directory is in the way")])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    symlandscape.exact.numbers.InputError: .../a: exists and is not a regular file
    """
    written, made_dirs = [], []
    try:
        for rel, text in items:
            full = os.path.join(out_dir, *rel.split("/"))
            d = os.path.dirname(full)
            for parent in _missing_dirs(d):
                if os.path.lexists(parent):
                    raise InputError(f"{parent}: exists and is not a directory")
                os.mkdir(parent)
                made_dirs.append(parent)
            if not os.path.isdir(d):
                raise InputError(f"{d}: exists and is not a directory")
            if os.path.lexists(full) and not os.path.isfile(full):
                raise InputError(f"{full}: exists and is not a regular file")
            _write_atomic(full, text)
            written.append(full)
    except (InputError, OSError) as e:
        for f in reversed(written):
            try:
                os.remove(f)
            except OSError:
                pass
        for d in reversed(made_dirs):
            try:
                os.rmdir(d)
            except OSError:
                pass
        if isinstance(e, InputError):
            raise
        raise InputError(f"{getattr(e, 'filename', None) or out_dir}: cannot write: {_why(e)} "
                         f"(nothing was written)") from None
    return written


def write_text(path: str, text: str) -> str:
    """Write one file atomically (see :func:`write_files`); return its path."""
    d, name = os.path.split(os.path.abspath(path))
    return write_files(d, [(name, text)])[0]


def check_out_file(path: str, option: str = "-o") -> str:
    """Refuse, before any work, an output file that cannot be written; return its absolute path.

    An output *file* goes into an existing directory: a missing directory is refused, not
    created (a typo in ``-o`` would otherwise leave a new directory tree behind), and so is
    a path that names a directory, or an existing path that is not a regular file.

    Raises
    ------
    InputError
        One line naming ``option`` and ``path``.

    Examples
    --------
    >>> import tempfile, os
    >>> d = tempfile.mkdtemp()
    >>> check_out_file(os.path.join(d, "a.tex")) == os.path.join(d, "a.tex")
    True
    >>> check_out_file(os.path.join(d, "missing", "a.tex"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    symlandscape.exact.numbers.InputError: -o .../missing/a.tex: the directory .../missing does not exist
    >>> check_out_file(d, "--moodle")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    symlandscape.exact.numbers.InputError: --moodle ...: is a directory, not a file
    """
    if not path:
        raise InputError(f"{option}: the file name is empty")
    full = os.path.abspath(path)
    if path.endswith(("/", os.sep)) or os.path.isdir(full):
        raise InputError(f"{option} {path}: is a directory, not a file")
    if os.path.lexists(full) and not os.path.isfile(full):
        raise InputError(f"{option} {path}: exists and is not a regular file")
    d = os.path.dirname(full)
    if not os.path.isdir(d):
        why = "is not a directory" if os.path.lexists(d) else "does not exist"
        raise InputError(f"{option} {path}: the directory {d} {why}")
    if not os.access(d, os.W_OK | os.X_OK):
        raise InputError(f"{option} {path}: the directory {d} is not writable")
    return full


def write_out_files(items) -> list:
    """Write ``(path, text)`` pairs, each path checked by :func:`check_out_file`, all or
    nothing (one :func:`write_files` call under the paths' common directory). Two outputs
    with the same path are refused (one would silently overwrite the other).

    Examples
    --------
    >>> import tempfile, os
    >>> d = tempfile.mkdtemp()
    >>> [os.path.basename(p) for p in write_out_files([(os.path.join(d, "a.tex"), "x"),
    ...                                                (os.path.join(d, "b.xml"), "y")])]
    ['a.tex', 'b.xml']
    >>> write_out_files([(os.path.join(d, "c.tex"), "x"), (os.path.join(d, "c.tex"), "y")])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    symlandscape.exact.numbers.InputError: two outputs go to the same file .../c.tex
    """
    full = []
    for item in items:
        path, text = item[0], item[1]
        option = item[2] if len(item) > 2 else "-o"
        p = os.path.realpath(check_out_file(path, option))
        if any(p == q for q, _ in full):
            raise InputError(f"two outputs go to the same file {path}")
        full.append((p, text))
    if not full:
        return []
    root = os.path.commonpath([os.path.dirname(p) for p, _ in full])
    return write_files(root, [(os.path.relpath(p, root).replace(os.sep, "/"), t) for p, t in full])


def _missing_dirs(d: str) -> list:
    """The directories from the first missing ancestor of ``d`` down to ``d`` (or a file in
    the way, which the caller reports)."""
    out = []
    while d and not os.path.isdir(d):
        out.append(d)
        parent = os.path.dirname(d)
        if parent == d:
            break
        d = parent
    return out[::-1]


def _write_atomic(path: str, text: str) -> None:
    d, name = os.path.split(path)
    fd, tmp = tempfile.mkstemp(dir=d, prefix=f".{name}.", suffix=".tmp")
    try:
        # bytes (a PDF) are written as they are, text as UTF-8
        binary = isinstance(text, (bytes, bytearray))
        with (os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8")) as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)   # mkstemp's 0600 would hide a file meant to be read
        os.replace(tmp, path)
    except BaseException:
        try:
            os.remove(tmp)
        except OSError:
            pass
        raise
