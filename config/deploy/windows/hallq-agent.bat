@echo off
rem HallQ device agent on a Windows kiosk PC. Set HALLQ_SERVER and HALLQ_AGENT_TOKEN as user
rem environment variables (setx), keep devices.yaml (COM ports) in %ProgramData%\HallQ, and run this
rem from Task Scheduler "At log on" with "Restart on failure".
setlocal
if "%HALLQ_SERVER%"=="" (echo set HALLQ_SERVER, e.g. setx HALLQ_SERVER http://192.168.1.10:8080 & exit /b 64)
if "%HALLQ_AGENT_TOKEN%"=="" (echo set HALLQ_AGENT_TOKEN to the agent's device token & exit /b 64)
cd /d "%~dp0\..\..\.."
:loop
call npm run agent --silent -- --server "%HALLQ_SERVER%" --devices "%ProgramData%\HallQ\devices.yaml"
if %ERRORLEVEL%==78 (echo devices.yaml is invalid; fix it and start again & exit /b 78)
timeout /t 3 /nobreak >nul
goto loop
