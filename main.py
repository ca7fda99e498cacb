"""Starts Unknot (python main.py); buildozer also runs this file on Android."""

from unknot.ui.app import run

if __name__ == "__main__":
    run()
