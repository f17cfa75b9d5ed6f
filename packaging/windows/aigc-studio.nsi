; AIGC Studio installer for Windows (NSIS 3, Unicode). Packs the PyInstaller one-folder app.
;
;   makensis /DVERSION=0.1.0 /DPAYLOAD_DIR=..\..\packaging\build\dist\aigc-studio ^
;            /DICON=..\..\packaging\build\icons\aigc-studio.ico /DOUTFILE=..\..\dist\aigc-studio-0.1.0-win64.exe ^
;            packaging\windows\aigc-studio.nsi
;
; (packaging/windows/build-installer.ps1 does the whole build.) Relative paths are relative to this file.
; Installs per machine into "Program Files\AIGC Studio": a Start menu shortcut, an uninstaller listed in
; Settings > Apps and "Open with" entries for the studio's PNG / WAV / FLAC assets (never the default handler).
; PATH is left alone: the commands run as "C:\Program Files\AIGC Studio\aigc-studio-cli.exe selftest".
; Uninstalling removes the program folder, the shortcuts and the registry entries; the user's settings, models
; and output (in %APPDATA%, %LOCALAPPDATA% and Documents) stay.

Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma

!ifndef VERSION
  !define VERSION "0.1.0"
!endif
!ifndef PAYLOAD_DIR
  !define PAYLOAD_DIR "..\build\dist\aigc-studio"
!endif
!ifndef ICON
  !define ICON "..\build\icons\aigc-studio.ico"
!endif
!ifndef OUTFILE
  !define OUTFILE "..\..\dist\aigc-studio-${VERSION}-win64.exe"
!endif

!define APPNAME "AIGC Studio"
!define EXE "aigc-studio.exe"
!define PROGID "AIGCStudio.Asset"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\AIGCStudio"
!define APP_KEY "Software\Classes\Applications\${EXE}"

!include "MUI2.nsh"
!include "x64.nsh"
!include "FileFunc.nsh"

Name "${APPNAME}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\${APPNAME}"
InstallDirRegKey HKLM "${UNINST_KEY}" "InstallLocation"
RequestExecutionLevel admin
BrandingText "${APPNAME} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey "ProductName" "${APPNAME}"
VIAddVersionKey "FileDescription" "${APPNAME} installer"
VIAddVersionKey "FileVersion" "${VERSION}"
VIAddVersionKey "ProductVersion" "${VERSION}"
VIAddVersionKey "LegalCopyright" "MIT licence"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "Open ${APPNAME}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_LICENSE "..\..\LICENSE"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "SimpChinese"

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "${APPNAME} needs 64-bit Windows."
    Abort
  ${EndIf}
  SetRegView 64
FunctionEnd

Function un.onInit
  SetRegView 64
FunctionEnd

!macro OpenWith EXT
  WriteRegStr HKLM "Software\Classes\${EXT}\OpenWithProgids" "${PROGID}" ""
  WriteRegStr HKLM "${APP_KEY}\SupportedTypes" "${EXT}" ""
!macroend

!macro UnOpenWith EXT
  DeleteRegValue HKLM "Software\Classes\${EXT}\OpenWithProgids" "${PROGID}"
!macroend

Section "AIGC Studio" SecMain
  SectionIn RO
  ; A previous version's files go first, so nothing stale from it stays next to the new ones.
  RMDir /r "$INSTDIR\_internal"
  SetOutPath "$INSTDIR"
  File /r "${PAYLOAD_DIR}\*.*"
  File "/oname=aigc-studio.ico" "${ICON}"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${APPNAME}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\aigc-studio.ico" 0

  ; "Open with AIGC Studio" for the assets the studio saves (PNG with settings inside, WAV/FLAC + sidecar).
  WriteRegStr HKLM "Software\Classes\${PROGID}" "" "AIGC Studio asset"
  WriteRegStr HKLM "Software\Classes\${PROGID}\DefaultIcon" "" "$INSTDIR\aigc-studio.ico,0"
  WriteRegStr HKLM "Software\Classes\${PROGID}\shell\open\command" "" '"$INSTDIR\${EXE}" --open "%1"'
  WriteRegStr HKLM "${APP_KEY}" "FriendlyAppName" "${APPNAME}"
  WriteRegStr HKLM "${APP_KEY}\shell\open\command" "" '"$INSTDIR\${EXE}" --open "%1"'
  !insertmacro OpenWith ".png"
  !insertmacro OpenWith ".wav"
  !insertmacro OpenWith ".flac"

  WriteRegStr HKLM "${UNINST_KEY}" "DisplayName" "${APPNAME}"
  WriteRegStr HKLM "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINST_KEY}" "Publisher" "AIGC Studio developers"
  WriteRegStr HKLM "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\aigc-studio.ico"
  WriteRegStr HKLM "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKLM "${UNINST_KEY}" "EstimatedSize" "$0"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'   ; SHCNE_ASSOCCHANGED
SectionEnd

Section "Uninstall"
  Delete "$SMPROGRAMS\${APPNAME}.lnk"
  !insertmacro UnOpenWith ".png"
  !insertmacro UnOpenWith ".wav"
  !insertmacro UnOpenWith ".flac"
  DeleteRegKey HKLM "Software\Classes\${PROGID}"
  DeleteRegKey HKLM "${APP_KEY}"
  DeleteRegKey HKLM "${UNINST_KEY}"
  ; Only the program folder: the user's settings, models and output live elsewhere and stay.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\aigc-studio.exe"
  Delete "$INSTDIR\aigc-studio-cli.exe"
  Delete "$INSTDIR\aigc-studio.ico"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd
