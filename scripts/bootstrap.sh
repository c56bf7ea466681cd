#!/usr/bin/env bash
# Install what the build and tests need, only when it is missing (warm runs are fast).
# Usage: scripts/bootstrap.sh [npm] [wasm] [browser] [prism]   (no args = all)
set -euo pipefail
cd "$(dirname "$0")/.."
want="${*:-npm wasm browser}"
has() { [[ " $want " == *" $1 "* ]]; }
log() { echo "[bootstrap] $*" >&2; }

if has npm; then
  # Reinstall when package.json/package-lock.json changed since the last install.
  stamp=node_modules/.bootstrap-stamp
  sum=$(cat package.json package-lock.json 2>/dev/null | sha1sum | cut -c1-40)
  if [[ ! -f $stamp || "$(cat $stamp)" != "$sum" ]]; then
    log "npm install"
    if [[ -f package-lock.json ]]; then npm ci --no-audit --no-fund --loglevel=error; else npm install --no-audit --no-fund --loglevel=error; fi
    echo "$sum" > $stamp
  fi
fi

if has wasm; then
  export PATH="$HOME/.cargo/bin:$PATH"
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "rustup target add wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
  bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
  if [[ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$bindgen_version" ]]; then
    # Not --locked: its lockfile pins a webpki-roots version the registry lacks (TOOLCHAIN.md).
    log "cargo install wasm-bindgen-cli $bindgen_version"
    cargo install wasm-bindgen-cli --version "$bindgen_version" --force
  fi
  if ! command -v wasm-pack >/dev/null; then
    log "cargo install wasm-pack"
    cargo install wasm-pack --locked
  fi
fi

if has browser; then
  # Chromium (+ chromedriver for wasm-bindgen-test), Firefox ESR (driven over WebDriver BiDi by
  # puppeteer-core) and WebKitGTK's MiniBrowser (driven by WebKitWebDriver under a virtual X server).
  missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
  command -v firefox-esr >/dev/null || missing+=(firefox-esr)
  [[ -x /usr/bin/WebKitWebDriver ]] || missing+=(webkit2gtk-driver)
  command -v xvfb-run >/dev/null || missing+=(xvfb)
  command -v xauth >/dev/null || missing+=(xauth)
  if (( ${#missing[@]} )); then
    log "apt-get install ${missing[*]}"
    SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO=sudo
    # Another apt may hold the locks (e.g. a parallel bootstrap): wait for it instead of failing.
    # DPkg::Lock::Timeout covers install; `update` does not wait for the lists lock, so retry it.
    for try in $(seq 60); do
      $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq && break
      (( try < 60 )) || exit 1
      log "apt-get update: lists locked, retrying in 10 s"; sleep 10
    done
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${missing[@]}" >/dev/null
  fi
fi

if dpkg -s binaryen >/dev/null 2>&1; then
  log "WARNING: Debian's binaryen (wasm-opt 108) is installed; it emits broken modules. The build uses node_modules/.bin/wasm-opt."
fi
