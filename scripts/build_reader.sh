#!/usr/bin/env bash
# Builds the compiled reader of libyaml's events (analytics/dataset/_libyaml.c) next to its
# source. The loader reads a file about 1.3 times as fast with it; without it, the loader reads
# the same events through PyYAML's parser (same results, slower). Needs a C compiler and
# libyaml's headers: installed with apt when missing and we are root; otherwise says how.
#   bash scripts/build_reader.sh PYTHON             fail when it cannot be built (make test)
#   bash scripts/build_reader.sh PYTHON --optional  say so and go on without it (make run)
set -euo pipefail
PYTHON="${1:?usage: build_reader.sh PYTHON [--optional]}"
OPTIONAL="${2:-}"
cd "$(dirname "$0")/.."
SOURCE=analytics/dataset/_libyaml.c
SUFFIX="$("$PYTHON" -c 'import sysconfig; print(sysconfig.get_config_var("EXT_SUFFIX"))')"
BUILT="analytics/dataset/_libyaml$SUFFIX"
if [ "$BUILT" -nt "$SOURCE" ]; then
  exit 0
fi

cannot() {
  rm -f "$BUILT"
  if [ "$OPTIONAL" = "--optional" ]; then
    echo "Note: $1; the dashboard reads YAML with PyYAML's parser instead (slower loads)." >&2
    exit 0
  fi
  echo "Cannot build the compiled YAML reader: $1." >&2
  exit 1
}

has_tools() {
  command -v cc >/dev/null 2>&1 && echo '#include <yaml.h>' | cc -E - >/dev/null 2>&1
}
if ! has_tools; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing a C compiler and libyaml's headers for the compiled YAML reader..."
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        --no-install-recommends gcc libc6-dev libyaml-dev >/dev/null; } \
      || echo "apt-get could not install them." >&2
  fi
  has_tools || cannot "it needs a C compiler and libyaml's headers ('sudo apt-get install gcc libyaml-dev')"
fi
INCLUDE="$("$PYTHON" -c 'import sysconfig; print(sysconfig.get_paths()["include"])')"
[ -f "$INCLUDE/Python.h" ] || cannot "Python's headers are missing ($INCLUDE/Python.h; on Debian: python3-dev)"
echo "Building the compiled YAML reader ($BUILT)..."
cc -O2 -Wall -shared -fPIC -I"$INCLUDE" "$SOURCE" -o "$BUILT.tmp" -lyaml \
  || cannot "the C compiler failed on $SOURCE"
mv "$BUILT.tmp" "$BUILT"
"$PYTHON" -c 'import analytics.dataset._libyaml' || cannot "the built reader does not load"
