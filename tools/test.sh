#!/usr/bin/env bash
# Installs everything the tests need (Debian packages including Xvfb and Mesa, a
# virtual environment with the test tools) and runs every check: ruff, mypy and
# the whole pytest suite, whose UI tests run in a real Kivy window under Xvfb.
# Arguments are passed to pytest.
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

# xvfb and xauth: the virtual screen pytest-xvfb starts for the UI tests.
# dbus-daemon, dbus-bin, dunst and systemd: the notification tests start a private
# session bus (dbus-daemon) with a real notification server on it (dunst, drawing on
# the Xvfb screen) and read back what it received with dunstctl, a script that needs
# dbus-send (dbus-bin) and busctl (systemd; dunst pulls it in anyway).
TEST_PACKAGES="$APP_PACKAGES xvfb xauth dbus-daemon dbus-bin dunst systemd"

ensure_debian_packages "$TEST_PACKAGES"
ensure_python
ensure_unknot_installed "[test]"

cd "$UNKNOT_DIR"
say "ruff"
"$PYTHON" -m ruff check .
"$PYTHON" -m ruff format --check .
say "mypy"
"$PYTHON" -m mypy
say "pytest"
status=0
"$PYTHON" -m pytest "$@" || status=$?
if [ "$status" -eq 5 ]; then
    say "pytest collected no tests: that is a failure"
    exit 1
fi
exit "$status"
