#!/usr/bin/env bash
# Puts `tcnwta` on the PATH: publishes the CLI (Release, using the installed .NET runtime) to PREFIX/lib/tcnwta and
# links PREFIX/bin/tcnwta to it. PREFIX defaults to ~/.local, whose bin folder most Linux shells already search.
# usage: scripts/install-tcnwta.sh [PREFIX]
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=${1:-$HOME/.local}
case "$prefix" in /*) ;; *) prefix="$(pwd)/$prefix" ;; esac
library="$prefix/lib/tcnwta"
rm -rf "$library"
dotnet publish Cli -c Release -o "$library" -p:UseAppHost=true >/dev/null
mkdir -p "$prefix/bin"
ln -sf "$library/tcnwta" "$prefix/bin/tcnwta"
echo "installed: $prefix/bin/tcnwta -> $library/tcnwta"
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "add it to your PATH:  export PATH=\"$prefix/bin:\$PATH\"" ;;
esac
