@echo off
rem portolan launcher for Windows (cmd.exe, PowerShell): builds target\portolan.jar with Maven when it is missing,
rem then runs it with the Java on PATH (or JAVA_HOME). Same arguments as ./portolan, e.g.
rem   portolan.cmd audit --role clientmanager:client netstat-ano.txt -o report.html
setlocal
set "HERE=%~dp0"
set "JAR=%HERE%target\portolan.jar"
if not exist "%JAR%" (
  where mvn >nul 2>nul || (
    echo portolan: Maven ^(mvn^) and a JDK 17+ are needed to build target\portolan.jar 1>&2
    exit /b 2
  )
  echo portolan: building target\portolan.jar ^(first use^) ... 1>&2
  pushd "%HERE%"
  call mvn -q -B -DskipTests package 1>&2
  popd
  if not exist "%JAR%" exit /b 2
)
set "JAVA=java"
if defined JAVA_HOME set "JAVA=%JAVA_HOME%\bin\java"
rem young generation as in ./portolan: 128 MB for one host's audit, 256 MB for --batch
set "YOUNG=128m"
for %%a in (%*) do if /I "%%~a"=="--batch" set "YOUNG=256m"
rem shallow C2 inlining for --batch, as in ./portolan (which also uses it for firewall logs it recognises)
set "INLINE="
if "%YOUNG%"=="256m" set "INLINE=-XX:FreqInlineSize=50 -XX:InlineSmallCode=500 -XX:MaxInlineLevel=6"
if not defined PORTOLAN_JAVA_OPTS set "PORTOLAN_JAVA_OPTS=-XX:+UseParallelGC -XX:NewRatio=1 -XX:MaxNewSize=%YOUNG% %INLINE%"
"%JAVA%" %PORTOLAN_JAVA_OPTS% -jar "%JAR%" %*
exit /b %ERRORLEVEL%
