; Section 11 Panel: the Windows installer (issue 21).
;
; Built on Linux by `./.ci/package --windows` with makensis (NSIS 3), which
; passes the files in with -D: VERSION (x.y.z), APP_EXE (the app built for
; x86_64-pc-windows-gnu), LOADER_DLL (WebView2Loader.dll, which that build
; imports), ICON and OUT_FILE.
;
; Why our own script and not the Tauri bundler's NSIS target: on Linux the
; bundler downloads a plugin DLL (nsis_tauri_utils) from GitHub at build
; time and refuses to build without that exact file, so the build would
; depend on a download; everything here comes from the build and Debian's
; nsis package. On a Windows machine `npx @tauri-apps/cli@2 build` still
; makes Tauri's own NSIS and MSI installers from tauri.conf.json.
;
; What it does, for the user who runs it, with no administrator rights:
; - installs into %LOCALAPPDATA%\Programs\Section 11 Panel;
; - adds Section 11 Panel to the Start menu;
; - makes it the app that opens .s11 files (this user's file types only);
; - lists it in Settings > Apps, whose Uninstall removes all of this and
;   nothing else: audits, backups and settings the app made are the
;   user's, and stay.

Unicode true
Target amd64-unicode
RequestExecutionLevel user
ManifestDPIAware true
SetCompressor /SOLID lzma

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"
!include "x64.nsh"

!define PRODUCT "Section 11 Panel"
!define IDENTIFIER "uk.section11panel.desktop"
!define PUBLISHER "Section 11 Panel contributors"
!define EXE_NAME "section11-panel.exe"
!define PROGID "Section11Panel.Audit"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${IDENTIFIER}"
; The Evergreen WebView2 Runtime's client id: where Edge's updater records
; the installed version, for all users (HKLM) or one (HKCU).
!define WEBVIEW2_CLIENT "{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"

Name "${PRODUCT}"
OutFile "${OUT_FILE}"
InstallDir "$LOCALAPPDATA\Programs\${PRODUCT}"
InstallDirRegKey HKCU "Software\${IDENTIFIER}" "InstallDir"
BrandingText "${PRODUCT} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIFileVersion "${VERSION}.0"
VIAddVersionKey /LANG=1033 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=1033 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=1033 "FileDescription" "${PRODUCT} installer"
VIAddVersionKey /LANG=1033 "LegalCopyright" "MIT licence"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE_NAME}"
!define MUI_FINISHPAGE_RUN_TEXT "Open ${PRODUCT} now"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "${PRODUCT} needs 64-bit Windows 10 or 11." /SD IDOK
    Abort
  ${EndIf}
  SetRegView 64
FunctionEnd

; The window is drawn by Microsoft Edge WebView2, which Windows 11 and
; updated Windows 10 already have. Without it the app cannot open, so say
; where to get it rather than let the app fail silently later. Nothing is
; downloaded by the installer itself.
Function CheckWebView2
  ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_CLIENT}" "pv"
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    ReadRegStr $0 HKCU "Software\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_CLIENT}" "pv"
  ${EndIf}
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    MessageBox MB_ICONINFORMATION "${PRODUCT} uses Microsoft Edge WebView2 to show its window, and this computer does not seem to have it.$\r$\n$\r$\nAsk your IT team for the Evergreen WebView2 Runtime, or install it from https://developer.microsoft.com/microsoft-edge/webview2/ before opening ${PRODUCT}." /SD IDOK
  ${EndIf}
FunctionEnd

Section "Install"
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  File "/oname=${EXE_NAME}" "${APP_EXE}"
  File "${LOADER_DLL}"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr HKCU "Software\${IDENTIFIER}" "InstallDir" "$INSTDIR"

  CreateShortcut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\${EXE_NAME}" "" "$INSTDIR\${EXE_NAME}" 0

  ; .s11 files: this user's file types (HKCU\Software\Classes), which need
  ; no administrator and override nothing for other users.
  WriteRegStr HKCU "Software\Classes\.s11" "" "${PROGID}"
  WriteRegStr HKCU "Software\Classes\.s11\OpenWithProgids" "${PROGID}" ""
  WriteRegStr HKCU "Software\Classes\${PROGID}" "" "Section 11 audit"
  WriteRegStr HKCU "Software\Classes\${PROGID}\DefaultIcon" "" "$INSTDIR\${EXE_NAME},0"
  WriteRegStr HKCU "Software\Classes\${PROGID}\shell\open\command" "" '"$INSTDIR\${EXE_NAME}" "%1"'

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${EXE_NAME},0"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" "$0"

  ; Tell Explorer that file types changed (SHCNE_ASSOCCHANGED).
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
  Call CheckWebView2
SectionEnd

Function un.onInit
  SetRegView 64
FunctionEnd

Section "Uninstall"
  SetShellVarContext current
  Delete "$INSTDIR\${EXE_NAME}"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${PRODUCT}.lnk"

  DeleteRegKey HKCU "Software\Classes\${PROGID}"
  DeleteRegValue HKCU "Software\Classes\.s11\OpenWithProgids" "${PROGID}"
  ReadRegStr $0 HKCU "Software\Classes\.s11" ""
  ${If} $0 == "${PROGID}"
    DeleteRegValue HKCU "Software\Classes\.s11" ""
  ${EndIf}
  DeleteRegKey /ifempty HKCU "Software\Classes\.s11\OpenWithProgids"
  DeleteRegKey /ifempty HKCU "Software\Classes\.s11"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "Software\${IDENTIFIER}"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd
