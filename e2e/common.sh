# Shared by scripts/e2e and scripts/bench-footprint (sourced, from the repository root).
# Each step reuses what is already there and up to date.

e2e_step() { echo "== $*" >&2; }

# System packages (scripts/system-packages.sh --test) and Python 3 with venv, which that
# script doesn't list.
e2e_packages() {
    scripts/system-packages.sh --test
    command -v cargo >/dev/null || { echo "Rust is needed: https://rustup.rs" >&2; return 1; }
    if ! command -v python3 >/dev/null || ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
        if command -v apt-get >/dev/null; then
            local sudo=""
            [ "$(id -u)" -ne 0 ] && sudo="sudo"
            echo "Installing system packages: python3 python3-venv" >&2
            $sudo apt-get install -y -qq --no-install-recommends python3 python3-venv >/dev/null
        else
            echo "This needs Python 3 with its venv module." >&2
            return 1
        fi
    fi
}

# ui/dist: `npm ci` only when ui/package-lock.json changed since the last one, `npm run build`
# only when an input is newer than ui/dist (rewriting ui/dist makes cargo rebuild the app).
e2e_build_ui() {
    mkdir -p target/e2e
    local lock_sum
    lock_sum=$(sha256sum ui/package-lock.json | cut -d' ' -f1)
    if [ ! -d ui/node_modules ] || [ "$(cat target/e2e/npm-ci.stamp 2>/dev/null)" != "$lock_sum" ]; then
        (cd ui && npm ci --no-audit --no-fund)
        echo "$lock_sum" > target/e2e/npm-ci.stamp
    fi
    local inputs=(ui/src ui/index.html ui/package.json ui/package-lock.json ui/vite.config.ts ui/tsconfig.json)
    [ -d ui/public ] && inputs+=(ui/public)
    if [ ! -f ui/dist/index.html ] || ! grep -q '<script' ui/dist/index.html \
        || [ -n "$(find "${inputs[@]}" -newer ui/dist/index.html -print -quit)" ]; then
        (cd ui && npm run build)
    else
        echo "ui/dist is up to date" >&2
    fi
}

# e2e/.venv from e2e/requirements.txt (pinned), rebuilt when that file changes.
e2e_venv() {
    local req_sum
    req_sum=$(sha256sum e2e/requirements.txt | cut -d' ' -f1)
    if [ "$(cat e2e/.venv/requirements.stamp 2>/dev/null)" != "$req_sum" ]; then
        rm -rf e2e/.venv
        python3 -m venv e2e/.venv
        e2e/.venv/bin/pip install --quiet --disable-pip-version-check -r e2e/requirements.txt
        echo "$req_sum" > e2e/.venv/requirements.stamp
    fi
}

# Prints the tauri-driver to use; installs it into target/tools only when there is none.
e2e_tauri_driver() {
    local driver="$PWD/target/tools/bin/tauri-driver"
    if [ ! -x "$driver" ]; then
        if command -v tauri-driver >/dev/null; then
            driver=$(command -v tauri-driver)
        else
            # Not through scripts/test's clippy-driver: tauri-driver isn't our code to lint.
            env -u RUSTC_WORKSPACE_WRAPPER -u CLIPPY_ARGS \
                cargo install tauri-driver --version '^2' --locked --root "$PWD/target/tools" >&2
        fi
    fi
    echo "$driver"
}

# A temp dir laid out as e2e/harness.py expects, and the environment that isolates a run in
# it: `env "${E2E_ENV[@]}" …`.
e2e_isolated_env() {
    E2E_TMP_DIR=$(mktemp -d -t "${1:-whoop-notion-e2e}.XXXXXX")
    mkdir -p "$E2E_TMP_DIR"/{home,xdg-config,xdg-data,xdg-cache,xdg-runtime}
    chmod 700 "$E2E_TMP_DIR/xdg-runtime"
    E2E_ENV=(HOME="$E2E_TMP_DIR/home" XDG_CONFIG_HOME="$E2E_TMP_DIR/xdg-config"
        XDG_DATA_HOME="$E2E_TMP_DIR/xdg-data" XDG_CACHE_HOME="$E2E_TMP_DIR/xdg-cache"
        XDG_RUNTIME_DIR="$E2E_TMP_DIR/xdg-runtime"
        WHOOP_NOTION_CONFIG_DIR="$E2E_TMP_DIR/xdg-config/whoop-notion-sync"
        WHOOP_NOTION_SECRETS=file NO_AT_BRIDGE=1 E2E_TMP="$E2E_TMP_DIR"
        # The app's clock and temperature unit default from the locale: the same on every
        # machine (24-hour, °C), whatever the developer's.
        LANG=C.UTF-8 LC_ALL= LC_TIME= LC_MEASUREMENT=)
}

# What the private D-Bus session and the services it activates print on every run: filtered
# from the output (everything else is kept).
E2E_NOISE='^dbus-daemon\[[0-9]+\]: (\[session [^]]*\] )?(Activating service name|Successfully activated service|org\.freedesktop\.DBus\.Error\.AccessDenied: Failed to set fd limit|Connection :[0-9.]+ .* became a monitor)|^SpiRegistry daemon is running|Monitoring connection :[0-9.]+ closed\.|^CRITICAL: \[dbus_cb_name_lost|^XIO:  fatal IO error [0-9]+ .* on X server|^ +after [0-9]+ requests \([0-9]+ known processed\) with [0-9]+ events remaining'
