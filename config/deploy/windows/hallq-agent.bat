@echo off
rem HallQ device agent on a Windows kiosk PC. Set HALLQ_SERVER and HALLQ_AGENT_TOKEN as user
rem environment variables (setx), keep devices.yaml (COM ports) in %ProgramData%\HallQ, and run this
rem from Task Scheduler "At log on" with "Restart on failure". HALLQ_AGENT_HOME is the agent's folder
rem (dist\agent, dist\drivers, dist\contract, package.json, node_modules from npm ci --omit=dev);
rem without it, the checkout this file is in (after npm run build).
setlocal
if "%HALLQ_SERVER%"=="" (echo set HALLQ_SERVER, e.g. setx HALLQ_SERVER http://192.168.1.10:8080 & exit /b 64)
if "%HALLQ_AGENT_TOKEN%"=="" (echo set HALLQ_AGENT_TOKEN to the agent's device token & exit /b 64)
if "%HALLQ_AGENT_HOME%"=="" (cd /d "%~dp0\..\..\..") else (cd /d "%HALLQ_AGENT_HOME%")
if not exist dist\agent\main.js (echo dist\agent\main.js is missing: run npm run build and copy dist & exit /b 66)
:loop
node dist\agent\main.js --server "%HALLQ_SERVER%" --devices "%ProgramData%\HallQ\devices.yaml"
if %ERRORLEVEL%==78 (echo devices.yaml is invalid; fix it and start again & exit /b 78)
if %ERRORLEVEL%==64 (echo bad arguments; see node dist\agent\main.js --help & exit /b 64)
timeout /t 3 /nobreak >nul
goto loop
