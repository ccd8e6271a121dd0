#!/bin/sh
# Build UNTOC Desktop for macOS 12+ (run on a Mac, from the repository root). PyInstaller cannot
# cross-compile, and an Apple Silicon Mac builds arm64 (an Intel Mac, x86_64).
#
#   sh packaging/macos/build.sh [--signing-key ~/keys/release.key]
#
# Produces dist/UNTOC Desktop.app, dist/untoc-desktop/ (command line), the .tar.gz archive,
# SHA256SUMS and SHA256SUMS.minisig.
set -eu
# The same packages, at the same versions and hashes, as CI tested (requirements.lock); the
# compiled .mo catalogs must exist before freezing, and setup compiles them.
python3 dev.py setup
QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/build.py "$@"

# Without an Apple Developer ID, Gatekeeper blocks a downloaded app: users right-click > Open the
# first time (see docs/field-guide). With one, sign and notarize before shipping:
#   codesign --deep --force --options runtime --sign "Developer ID Application: ..." "dist/UNTOC Desktop.app"
#   ditto -c -k --keepParent "dist/UNTOC Desktop.app" app.zip
#   xcrun notarytool submit app.zip --keychain-profile notary --wait && xcrun stapler staple "dist/UNTOC Desktop.app"
shasum -a 256 dist/*.tar.gz
