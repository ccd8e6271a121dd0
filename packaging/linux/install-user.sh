#!/bin/sh
# Install UNTOC Desktop for the current user only: no administrator password, no internet.
# Run from the unpacked folder:  sh untoc-desktop/install-user.sh
# It copies the app to ~/.local/opt/untoc-desktop and adds it to the applications menu.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data="${XDG_DATA_HOME:-$HOME/.local/share}"
target="$HOME/.local/opt/untoc-desktop"
mkdir -p "$target" "$HOME/.local/bin" "$data/applications" "$data/metainfo" "$data/icons/hicolor/256x256/apps"
cp -R "$here/." "$target/"
ln -sf "$target/untoc-desktop" "$HOME/.local/bin/untoc-desktop"
sed "s|^Exec=untoc-desktop|Exec=$target/untoc-desktop|" "$here/share/org.untoc.Desktop.desktop" \
    > "$data/applications/org.untoc.Desktop.desktop"
cp "$here/share/org.untoc.Desktop.metainfo.xml" "$data/metainfo/"
cp "$here/share/org.untoc.Desktop.png" "$data/icons/hicolor/256x256/apps/"
"$target/untoc-desktop" selftest >/dev/null 2>&1 && echo "UNTOC Desktop is installed and works." \
    || echo "UNTOC Desktop is installed, but its self-test failed: run '$target/untoc-desktop selftest'."
