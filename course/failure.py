"""The kind of error every `course` command reports as a message for its user, never as a traceback."""

from __future__ import annotations


class CommandFailed(Exception):
    """A failure the person who ran the command can act on: the message says what went wrong and what to do.

    Each stage raises its own subclass (a build, an output file, the PDF printer, the scaffold);
    the command line prints the message after a line saying what the failure left behind.
    """
