@echo off
rem Chrome or Edge in kiosk mode for a HallQ kiosk, window terminal or display PC.
rem   kiosk-browser.bat http://192.168.1.10:8080/kiosk?token=TOKEN
rem Put a shortcut to it in shell:startup of the kiosk account.
setlocal
set "URL=%~1"
if "%URL%"=="" (echo usage: kiosk-browser.bat URL & exit /b 64)
set "BROWSER="
for %%P in ("%ProgramFiles%\Google\Chrome\Application\chrome.exe" "%ProgramFiles(x86)%\Google\Chrome\Application\chrome.exe" "%ProgramFiles(x86)%\Microsoft\Edge\Application\msedge.exe" "%ProgramFiles%\Microsoft\Edge\Application\msedge.exe") do (
  if not defined BROWSER if exist %%P set "BROWSER=%%~P"
)
if not defined BROWSER (echo Chrome or Edge not found & exit /b 1)
set "PROFILE=%LOCALAPPDATA%\HallQ\kiosk-profile"
:loop
rmdir /s /q "%PROFILE%" 2>nul
"%BROWSER%" --kiosk --no-first-run --noerrdialogs --disable-infobars --disable-session-crashed-bubble --disable-translate --autoplay-policy=no-user-gesture-required --user-data-dir="%PROFILE%" "%URL%"
timeout /t 2 /nobreak >nul
goto loop
