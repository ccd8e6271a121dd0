# Build UNTOC Desktop for Windows (run on Windows 10/11, x64, in PowerShell, from the repository root).
# PyInstaller cannot cross-compile: this must run on Windows itself.
#
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1 [-SigningKey C:\keys\release.key]
#
# Produces dist\untoc-desktop\ (with "UNTOC Desktop.exe" for users and untoc-desktop.exe for the
# command line), dist\untoc-desktop-<version>-windows-x86_64.zip, SHA256SUMS and SHA256SUMS.minisig.
param([string]$SigningKey = "")
$ErrorActionPreference = "Stop"

# The same packages, at the same versions and hashes, as CI tested (requirements.lock); the
# compiled .mo catalogs must exist before freezing, and setup compiles them.
py -3.11 dev.py setup
if ($LASTEXITCODE -ne 0) { throw "setup failed" }

$env:QT_QPA_PLATFORM = "offscreen"      # icons are rendered and the selftest runs without a screen
$buildArgs = @("packaging\build.py")
if ($SigningKey) { $buildArgs += @("--signing-key", $SigningKey) }
.venv\Scripts\python.exe @buildArgs
if ($LASTEXITCODE -ne 0) { throw "build failed" }

# Optional: Authenticode-sign both executables so SmartScreen trusts them (needs a code-signing
# certificate and the Windows SDK's signtool). Sign BEFORE build.py archives if you do this:
#   signtool sign /fd SHA256 /tr http://timestamp.digicert.com /td SHA256 /f cert.pfx `
#       "dist\untoc-desktop\UNTOC Desktop.exe" dist\untoc-desktop\untoc-desktop.exe
Get-FileHash dist\*.zip -Algorithm SHA256
