#!/usr/bin/env bash
# Creates (once) a Python venv for the test servers in a machine-wide cache and prints the absolute path of its
# python on the last stdout line. Everything else goes to stderr. Warm runs only check a marker file.
#   cache: ${NSB_CACHE_DIR:-$HOME/.cache/namespace-browser}/venv-<sha256(requirements.txt)[:12]>
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
req="$here/../test/servers/requirements.txt"
cache="${NSB_CACHE_DIR:-$HOME/.cache/namespace-browser}"
if command -v sha256sum >/dev/null 2>&1; then hash="$(sha256sum "$req" | cut -c1-12)"; else hash="$(shasum -a 256 "$req" | cut -c1-12)"; fi
venv="$cache/venv-$hash"
marker="$venv/.nsb-complete"
py="$venv/bin/python"
if [ -f "$marker" ] && [ -x "$py" ]; then echo "$py"; exit 0; fi

mkdir -p "$cache"
exec 9>"$cache/venv-$hash.lock"
if command -v flock >/dev/null 2>&1; then flock 9; fi
if [ -f "$marker" ] && [ -x "$py" ]; then echo "$py"; exit 0; fi   # another process finished it meanwhile

python="${NSB_PYTHON:-python3}"
command -v "$python" >/dev/null 2>&1 || { echo "python-env: $python not found" >&2; exit 1; }
# Venvs are not relocatable (absolute paths in pyvenv.cfg and scripts), so build in place under the lock; the
# marker, written last, is what makes it valid. An incomplete venv left by a killed run is rebuilt.
rm -rf "$venv"
if ! "$python" -m venv "$venv" >&2 2>&1; then
  rm -rf "$venv"
  echo "python-env: '$python -m venv' failed; installing python3-venv with apt-get" >&2
  sudo_=""; if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then sudo_="sudo"; fi
  ver="$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
  $sudo_ apt-get update >&2
  DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y python3-venv >&2 \
    || DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y "python$ver-venv" >&2
  "$python" -m venv "$venv" >&2
fi
"$py" -m pip install --disable-pip-version-check --no-input -q --upgrade pip >&2
"$py" -m pip install --disable-pip-version-check --no-input -q -r "$req" >&2
"$py" -c 'import lance, lance.namespace, pyarrow, botocore, pyiceberg, moto.server' >&2
touch "$marker"
echo "python-env: ready: $venv" >&2
echo "$py"
