# Sourced by tools/start.sh and tools/test.sh: installs what is missing, then
# leaves PYTHON pointing at an interpreter with Unknot installed.
#
# Works on a fresh Debian (or Ubuntu) machine as root, with sudo, or inside an
# already active virtual environment. Each step is skipped when already done,
# so running it again costs a few seconds.
set -euo pipefail

UNKNOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

say() { printf '\033[1munknot:\033[0m %s\n' "$*" >&2; }

# Debian packages: $1 is a space-separated list; installs the missing ones.
ensure_debian_packages() {
    local missing=() pkg
    for pkg in $1; do
        if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed"; then
            missing+=("$pkg")
        fi
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if ! command -v apt-get >/dev/null 2>&1; then
        say "not a Debian system; please install the equivalents of: ${missing[*]}"
        return 0
    fi
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then
            sudo=(sudo)
        else
            say "these Debian packages are missing and I am not root: ${missing[*]}"
            say "run as root, or: apt-get install ${missing[*]}"
            return 1
        fi
    fi
    say "installing Debian packages: ${missing[*]}"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null
}

# Libraries the Kivy wheel needs from the system: OpenGL through Mesa, and mtdev
# (Kivy's Linux touch input provider logs an error without it); espeak-ng speaks
# the cues on Linux (without it the app runs, silently); libnotify-bin's notify-send
# is how plyer posts a due reminder as a desktop notification (without it the
# reminder shows in the app only); xclip is how Kivy's text fields copy and paste
# on X11 (the routine editor).
APP_PACKAGES="libgl1 libgl1-mesa-dri libegl1 libmtdev1 espeak-ng libnotify-bin xclip"

ensure_python() {
    if [ -n "${VIRTUAL_ENV:-}" ]; then
        PYTHON="$VIRTUAL_ENV/bin/python"
    else
        if ! command -v python3 >/dev/null 2>&1 || ! python3 -c "import venv, ensurepip" 2>/dev/null; then
            ensure_debian_packages "python3 python3-venv python3-pip"
        fi
        if [ ! -x "$UNKNOT_DIR/.venv/bin/python" ]; then
            say "creating a virtual environment in .venv"
            python3 -m venv "$UNKNOT_DIR/.venv"
        fi
        PYTHON="$UNKNOT_DIR/.venv/bin/python"
    fi
    if ! "$PYTHON" -c 'import sys; sys.exit(not ((3, 10) <= sys.version_info[:2] <= (3, 13)))'; then
        say "Unknot needs Python 3.10 to 3.13 (Kivy 2.3 has no wheels for newer); found:"
        "$PYTHON" --version >&2
        return 1
    fi
}

# $1: the pip "extras" to install, such as "" or "[test]".
# Skipped when pyproject.toml is unchanged since the last install with these extras
# (a stamp in the virtual environment): starting the app then costs no pip run and
# no network. Delete .venv/unknot-installed* to force a fresh install.
ensure_unknot_installed() {
    local venv stamp wanted
    venv="$("$PYTHON" -c 'import sys; print(sys.prefix)')"
    stamp="$venv/unknot-installed${1:+-test}"
    wanted="$(sha256sum "$UNKNOT_DIR/pyproject.toml" | cut -d' ' -f1) $UNKNOT_DIR$1"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ] && "$PYTHON" -c \
        'import importlib.util as u, sys; sys.exit(not (u.find_spec("unknot") and u.find_spec("kivy")))'
    then
        return 0
    fi
    say "installing Unknot and its Python dependencies${1:+ $1}"
    "$PYTHON" -m pip install --quiet --disable-pip-version-check --upgrade pip
    "$PYTHON" -m pip install --quiet --disable-pip-version-check -e "$UNKNOT_DIR$1"
    printf '%s' "$wanted" > "$stamp"
}
