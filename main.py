"""Starts Unknot (python main.py [--routine ID]); buildozer also runs this file on Android."""

import sys

from unknot.launch import split_arguments

if __name__ == "__main__":
    options, sys.argv = split_arguments(sys.argv)
    from unknot.ui.app import run

    run(open_routine_id=options.routine)
