# Build the Windows installer: dist\aigc-studio-<version>-win64.exe
#
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build-installer.ps1
#
# Needs Python 3.11 (x64) as `py -3.11` or `python`, and NSIS 3 (makensis on PATH or in Program Files).
# Makes a build venv with PyInstaller and the studio's runtime dependencies (set TORCH_INDEX_URL, e.g.
# https://download.pytorch.org/whl/cu128, for a CUDA build), renders the icons, builds the one-folder app
# (aigc-studio.exe windowed + aigc-studio-cli.exe console), checks it with `aigc-studio-cli.exe selftest`, then
# compiles packaging\windows\aigc-studio.nsi. Not run by the developers yet (no Windows machine): the .nsi is
# compiled on Linux against a dummy payload by tests/packaging/test_nsis.py.
$ErrorActionPreference = "Stop"
$Root = (Resolve-Path "$PSScriptRoot\..\..").Path
$Build = Join-Path $Root "packaging\build"
New-Item -ItemType Directory -Force -Path $Build, (Join-Path $Root "dist") | Out-Null

if (Get-Command py -ErrorAction SilentlyContinue) { $PyExe = "py"; $PyArgs = @("-3.11") }
else { $PyExe = "python"; $PyArgs = @() }
$Version = & $PyExe @PyArgs -c "import tomllib; print(tomllib.load(open(r'$Root\pyproject.toml','rb'))['project']['version'])"
if ($LASTEXITCODE -ne 0) { throw "could not read the version from pyproject.toml" }

$Venv = Join-Path $Build "venv"
if (Test-Path $Venv) { Remove-Item -Recurse -Force $Venv }
& $PyExe @PyArgs -m venv $Venv
$VPy = Join-Path $Venv "Scripts\python.exe"
& $VPy -m pip install -q --upgrade pip
if ($env:TORCH_INDEX_URL) {
  $TorchReq = & $VPy -c "import tomllib; print(next(d for d in tomllib.load(open(r'$Root\pyproject.toml','rb'))['project']['dependencies'] if d.startswith('torch')))"
  & $VPy -m pip install -q $TorchReq --index-url $env:TORCH_INDEX_URL --extra-index-url https://pypi.org/simple
}
& $VPy -m pip install -q "pyinstaller>=6.10,<7"
& $VPy -m pip install -q --no-compile $Root
if ($LASTEXITCODE -ne 0) { throw "pip install failed" }

& $VPy (Join-Path $Root "packaging\icons\render_icons.py") (Join-Path $Build "icons")
$env:AIGC_ICON_DIR = Join-Path $Build "icons"
Push-Location $Build
& (Join-Path $Venv "Scripts\pyinstaller.exe") --noconfirm --clean --log-level WARN --distpath (Join-Path $Build "dist") `
  --workpath (Join-Path $Build "work") (Join-Path $Root "packaging\aigc-studio.spec")
Pop-Location
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }
$App = Join-Path $Build "dist\aigc-studio"

# The bundled studio must pass its own checks before it is packed.
$env:QT_QPA_PLATFORM = "offscreen"
$env:AIGC_STUDIO_HOME = Join-Path $Build "selftest-home"
& (Join-Path $App "aigc-studio-cli.exe") selftest
if ($LASTEXITCODE -ne 0) { throw "selftest failed in the bundled app" }
Remove-Item Env:\QT_QPA_PLATFORM, Env:\AIGC_STUDIO_HOME

$MakeNsis = (Get-Command makensis -ErrorAction SilentlyContinue).Source
if (-not $MakeNsis) { $MakeNsis = Join-Path ${env:ProgramFiles(x86)} "NSIS\makensis.exe" }
$Out = Join-Path $Root "dist\aigc-studio-$Version-win64.exe"
& $MakeNsis /V2 "/DVERSION=$Version" "/DPAYLOAD_DIR=$App" "/DICON=$Build\icons\aigc-studio.ico" "/DOUTFILE=$Out" `
  (Join-Path $Root "packaging\windows\aigc-studio.nsi")
if ($LASTEXITCODE -ne 0) { throw "makensis failed" }
Write-Host "built: $Out"
