"""coachcli: prepare, run and record 1:1 sales coaching sessions.

The package is a library with a thin command-line interface on top
(``coachcli.cli``). Importing this module must stay cheap: ``coach --help``
and ``coach --version`` load it.
"""

__version__ = "0.1.0"
