#!/usr/bin/env bash
# Installs what Unknot needs (Debian packages, a virtual environment) and starts it.
# Arguments are passed to the app.
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

ensure_debian_packages "$APP_PACKAGES"
ensure_python
ensure_unknot_installed ""
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    say "no display found (DISPLAY is not set): start Unknot from a desktop session"
fi
cd "$UNKNOT_DIR"
exec "$PYTHON" main.py "$@"
