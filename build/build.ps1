# Build the Windows one-folder bundle: clean venv from the pinned requirements, tests,
# PyInstaller, zip. Run in PowerShell from the repository root on a Windows 10/11 x64
# machine with Python 3.11 (64-bit, "tcl/tk and IDLE" ticked) installed:
#
#   powershell -ExecutionPolicy Bypass -File build\build.ps1 [-SkipTests] [-OneFile]
#
# Result: dist\g60desk\ (g60desk.exe without console, g60desk-cli.exe with console)
# and dist\G60Desk-<version>-windows-x64.zip
param([switch]$SkipTests, [switch]$OneFile)
$ErrorActionPreference = "Stop"
Set-Location (Split-Path -Parent $PSScriptRoot)

$version = (Select-String -Path g60desk\__init__.py -Pattern '__version__ = "(.*)"').Matches[0].Groups[1].Value
$venv = "build\work\venv"
$python = if ($env:PYTHON) { $env:PYTHON } else { "py -3.11" }

Write-Host "== G60Desk $version: clean build environment"
if (Test-Path build\work) { Remove-Item -Recurse -Force build\work }
if (Test-Path dist) { Remove-Item -Recurse -Force dist }
Invoke-Expression "$python -m venv $venv"
& "$venv\Scripts\python.exe" -m pip install -q --disable-pip-version-check -r requirements-dev.txt
if ($LASTEXITCODE -ne 0) { throw "pip install failed" }

if (-not $SkipTests) {
    Write-Host "== tests"
    & "$venv\Scripts\ruff.exe" check .
    & "$venv\Scripts\mypy.exe"
    & "$venv\Scripts\lint-imports.exe" --no-cache
    & "$venv\Scripts\python.exe" -m pytest -q
    if ($LASTEXITCODE -ne 0) { throw "tests failed" }
}

Write-Host "== PyInstaller"
if ($OneFile) { $env:G60DESK_ONEFILE = "1" } else { Remove-Item Env:G60DESK_ONEFILE -ErrorAction SilentlyContinue }
& "$venv\Scripts\pyinstaller.exe" --noconfirm --clean --log-level WARN --distpath dist --workpath build\work\pyinstaller build\g60desk.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }

Write-Host "== smoke test"
$cli = if ($OneFile) { "dist\g60desk-cli.exe" } else { "dist\g60desk\g60desk-cli.exe" }
& $cli selfcheck
if ($LASTEXITCODE -ne 0) { throw "selfcheck failed" }

Write-Host "== zip"
$name = "G60Desk-$version-windows-x64"
$stage = "dist\stage\G60Desk-$version"
New-Item -ItemType Directory -Force $stage | Out-Null
if ($OneFile) { Copy-Item dist\g60desk.exe, dist\g60desk-cli.exe $stage } else { Copy-Item -Recurse dist\g60desk\* $stage }
Compress-Archive -Path "dist\stage\G60Desk-$version" -DestinationPath "dist\$name.zip" -Force
Remove-Item -Recurse -Force dist\stage
Write-Host "dist\$name.zip"
