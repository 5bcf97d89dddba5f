#!/usr/bin/env bash
# Builds tcnwta as one self-contained linux-x64 executable for a GPU machine that has no .NET installed.
# ILGPU finds the CUDA driver (libcuda) or an OpenCL ICD at run time; nothing else is needed there.
# Native libraries (SkiaSharp for plots) and debug symbols travel inside the one file.
# Check a machine with:  publish/linux-x64/tcnwta verify-kernels --device cuda
set -euo pipefail
cd "$(dirname "$0")/.."
output=publish/linux-x64
rm -rf "$output"
dotnet publish Cli -c Release -r linux-x64 --self-contained \
    -p:PublishSingleFile=true -p:EnableCompressionInSingleFile=true \
    -p:IncludeNativeLibrariesForSelfExtract=true -p:DebugType=embedded -o "$output"
echo "published: $(pwd)/$output/tcnwta ($(du -h "$output/tcnwta" | cut -f1))"
