#!/bin/sh
# Build UNTOC Desktop for macOS 12+ (run on a Mac, from the repository root). PyInstaller cannot
# cross-compile, and an Apple Silicon Mac builds arm64 (an Intel Mac, x86_64).
#
#   sh packaging/macos/build.sh [--signing-key ~/keys/release.key]
#
# Produces dist/UNTOC Desktop.app, dist/untoc-desktop/ (command line), the .tar.gz archive,
# SHA256SUMS and SHA256SUMS.minisig.
set -eu
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[test]"
.venv/bin/python dev.py i18n          # compiled .mo catalogs must exist before freezing
QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/build.py "$@"

# Without an Apple Developer ID, Gatekeeper blocks a downloaded app: users right-click > Open the
# first time (see docs/field-guide). With one, sign and notarize before shipping:
#   codesign --deep --force --options runtime --sign "Developer ID Application: ..." "dist/UNTOC Desktop.app"
#   ditto -c -k --keepParent "dist/UNTOC Desktop.app" app.zip
#   xcrun notarytool submit app.zip --keychain-profile notary --wait && xcrun stapler staple "dist/UNTOC Desktop.app"
shasum -a 256 dist/*.tar.gz
