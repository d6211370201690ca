package dev.portolan.ingest.netstat;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The words netstat and ss print around their rows: socket states in the UI languages Windows
 * localises them into, section titles, column headers, {@code -b} ownership messages and shell
 * prompts. Rows are recognised by shape, never by these words; the words only decide how a state
 * is normalised and which non-row lines are harmless.
 */
final class Vocabulary {
    private Vocabulary() {
    }

    /** Normalised (Linux/English) spelling for each state word, keyed upper-case. */
    private static final Map<String, String> STATES = new HashMap<>();

    private static void states(String normalised, String... words) {
        for (String w : words) STATES.put(w.toUpperCase(Locale.ROOT), normalised);
    }

    static {
        // English spellings of Windows, Linux net-tools, BSD/macOS and ss (ss uses dashes).
        states("LISTEN", "LISTEN", "LISTENING");
        states("ESTABLISHED", "ESTABLISHED", "ESTAB");
        states("SYN_SENT", "SYN_SENT", "SYN-SENT");
        states("SYN_RECV", "SYN_RECV", "SYN_RECEIVED", "SYN_RCVD", "SYN-RECV");
        states("FIN_WAIT1", "FIN_WAIT1", "FIN_WAIT_1", "FIN-WAIT-1");
        states("FIN_WAIT2", "FIN_WAIT2", "FIN_WAIT_2", "FIN-WAIT-2");
        states("TIME_WAIT", "TIME_WAIT", "TIME-WAIT");
        states("CLOSE", "CLOSE", "CLOSED");
        states("CLOSE_WAIT", "CLOSE_WAIT", "CLOSE-WAIT");
        states("LAST_ACK", "LAST_ACK", "LAST-ACK");
        states("CLOSING", "CLOSING");
        states("UNCONN", "UNCONN");
        states("BOUND", "BOUND");
        states("DELETE_TCB", "DELETE_TCB");
        // Localised Windows states: only the words we are confident Windows prints.
        states("LISTEN", "ABHÖREN", "ÉCOUTE", "ECOUTE", "ESCUCHANDO", "IN ASCOLTO", "ESCUTANDO",
                "ПРОСЛУШИВАНИЕ", "监听", "侦听", "待ち受け", "待ち受け中", "수신 대기");
        states("ESTABLISHED", "HERGESTELLT", "ÉTABLIE", "ETABLIE", "ÉTABLI", "ETABLI", "ESTABLECIDO",
                "STABILITO", "ESTABELECIDA", "УСТАНОВЛЕНО", "已建立", "確立", "確立済み", "연결됨");
        states("LISTEN", "À L'ÉCOUTE", "A L'ECOUTE", "NASŁUCHIWANIE", "NASLUCHIWANIE", "DİNLENİYOR", "DINLENIYOR",
                "LUISTEREN", "LYSSNAR", "LYTTER", "KUUNNELLAAN", "NAVAZOVÁNÍ", "FIGYELÉS", "ΑΝΑΜΟΝΗ");
        states("ESTABLISHED", "STABILITA", "ESTABELECIDO", "USTANOWIONO", "KURULDU", "TOT STAND GEBRACHT",
                "ETABLERAD", "ETABLERET", "MUODOSTETTU", "NAVÁZÁNO", "LÉTREJÖTT");
        states("TIME_WAIT", "WARTEND", "ВРЕМЯ_ОЖИДАНИЯ", "ОЖИДАНИЕ");
        states("CLOSE_WAIT", "SCHLIESSEN_WARTEN", "ОЖИДАНИЕ_ЗАКРЫТИЯ", "ЗАКРЫТИЕ_ОЖИДАНИЯ");
        states("SYN_SENT", "SYN_GESENDET");
        // Linux net-tools' own translations (gettext), as real dumps print them: German, Portuguese (Brazil), Spanish
        states("ESTABLISHED", "VERBUNDEN");
        states("CLOSE_WAIT", "ESPERANDO_FECHAR");
        states("LISTEN", "ESCUCHAR", "OUÇA", "OUCA");
        states("BOUND", "GEBUNDEN", "СВЯЗАНО");
        // Solaris/illumos: TCP IDLE is a socket not yet bound or listening; Bound is its UDP/TCP spelling.
        states("IDLE", "IDLE");
        // PowerShell's Get-NetTCPConnection (its TcpState names; Listen, Established, Bound, Closing, Closed as above)
        states("SYN_SENT", "SYNSENT");
        states("SYN_RECV", "SYNRECEIVED");
        states("FIN_WAIT1", "FINWAIT1");
        states("FIN_WAIT2", "FINWAIT2");
        states("CLOSE_WAIT", "CLOSEWAIT");
        states("LAST_ACK", "LASTACK");
        states("TIME_WAIT", "TIMEWAIT");
        states("DELETE_TCB", "DELETETCB");
    }

    /** PowerShell's TcpState names, as Get-NetTCPConnection prints them: a row of its table has one in its fifth column. */
    private static final Set<String> POWERSHELL_STATES = Set.of("Closed", "Listen", "SynSent", "SynReceived", "Established",
            "FinWait1", "FinWait2", "CloseWait", "Closing", "LastAck", "TimeWait", "DeleteTCB", "Bound");

    static boolean isPowerShellState(String word) {
        return POWERSHELL_STATES.contains(word);
    }

    /** ss prints its state before the queues; these start an ss row. */
    private static final Set<String> SS_STATES = Set.of("LISTEN", "UNCONN", "ESTAB", "SYN-SENT", "SYN-RECV",
            "FIN-WAIT-1", "FIN-WAIT-2", "TIME-WAIT", "CLOSE-WAIT", "LAST-ACK", "CLOSING", "CLOSE", "UNKNOWN");

    /** Section titles, any language (matched at the start of the trimmed line, case-insensitive). */
    private static final List<String> TITLES = List.of("active connections", "active internet connections",
            "aktive verbindungen", "connexions actives", "conexiones activas", "connessioni attive",
            "conexões ativas", "conexoes ativas", "активные подключения", "активные соединения", "活动连接",
            "作用中連線", "使用中的連線", "使用中連線", "アクティブな接続", "활성 연결", "aktywne połączenia",
            "active internet6 connections", "etkin bağlantılar", "actieve verbindingen", "aktiva anslutningar",
            "aktive forbindelser", "aktiiviset yhteydet", "aktivní připojení", "aktív kapcsolatok", "ενεργές συνδέσεις");

    /** First word of a column-header line, any language. */
    private static final Set<String> HEADER_FIRST_WORDS = Set.of("proto", "proto/id", "netid", "state", "tcpcb", "localaddress", "command",
            "socket", "protokoll", "protocole", "protocolo", "protocollo", "протокол", "имя", "プロトコル", "协议",
            "協定", "프로토콜", "protocol", "protokół", "protokol", "iletişim");

    /** Lines {@code netstat -b} prints under a row when it cannot name the owner. */
    private static final List<String> OWNERSHIP_MESSAGES = List.of("can not obtain ownership information",
            "cannot obtain ownership information", "abrufen von besitzerinformationen nicht möglich",
            "impossible d'obtenir les informations de propriétaire", "所有者情報を取得できません",
            "no se puede obtener información de propiedad", "no se puede obtener información sobre la propiedad",
            "无法获取所有权信息", "не удается получить сведения о владельце", "impossibile ottenere informazioni sulla proprietà",
            "não é possível obter informações de propriedade", "es können keine besitzerinformationen abgerufen werden",
            "소유권 정보를 가져올 수 없습니다", "無法取得擁有權資訊", "nie można uzyskać informacji o właścicielu");

    /** Normalised state for a word, or null when the word is not one we know. */
    static String normaliseState(String word) {
        String n = STATES.get(word.toUpperCase(Locale.ROOT));
        if (n != null || word.indexOf(' ') < 0 && word.indexOf('\t') < 0) return n;
        return STATES.get(String.join(" ", word.strip().split("[ \t]+")).toUpperCase(Locale.ROOT));
    }

    static boolean isSsState(String line, int start, int end) {
        int n = end - start;
        if (n < 5 || n > 10) return false;
        char c = line.charAt(start);
        if (c < 'A' || c > 'Z') return false;
        return SS_STATES.contains(line.substring(start, end));
    }

    /** A section title line (of a section we read or one we skip), any language. */
    static boolean isTitle(String trimmedLower) {
        for (String t : TITLES) if (trimmedLower.startsWith(t)) return true;
        return isOtherSectionTitle(trimmedLower);
    }

    /**
     * The banner a console prints when it opens, as a pasted session starts: {@code Microsoft Windows [Version
     * 10.0.20348.2340]} and its copyright line (in the UI language), {@code Windows PowerShell}, {@code PowerShell 7.4.1},
     * PowerShell's "Install the latest PowerShell … https://aka.ms/PSWindows".
     */
    static boolean isConsoleBanner(String trimmedLower) {
        return trimmedLower.startsWith("microsoft windows [")
                || (trimmedLower.startsWith("(c)") || trimmedLower.startsWith("copyright")) && trimmedLower.contains("microsoft corp")
                || trimmedLower.equals("windows powershell")
                // sshd's greeting as a session starts: "Last login: Wed Nov 13 17:01:02 2024 from 172.31.48.249"
                || trimmedLower.startsWith("last login: ")
                // Junos's routing-engine banner above its prompt: "{master:0}", "{primary:node0}"
                || JUNOS_BANNER.matcher(trimmedLower).matches()
                || trimmedLower.startsWith("powershell ") && POWERSHELL_VERSION.matcher(trimmedLower).matches()
                || trimmedLower.contains("https://aka.ms/pswindows")
                // script(1)'s first and last lines around a recorded session
                || trimmedLower.startsWith("script started on ") || trimmedLower.startsWith("script done on ")
                // PuTTY's session log: "=~=~=~=~=~=~=~=~=~=~=~= PuTTY log 2026.12.01 10:00:00 =~=~=~=~=~=~=~=~=~=~=~="
                || trimmedLower.startsWith("=~=~=") && trimmedLower.contains("putty log")
                // net-tools' notices above a socket list run without root: "(No info could be read for "-p": geteuid()=1001
                // but you should be root.)", "(Not all processes could be identified, …)"
                || trimmedLower.startsWith("(no info could be read for") || trimmedLower.startsWith("(not all processes could be identified");
    }

    private static final java.util.regex.Pattern POWERSHELL_VERSION = java.util.regex.Pattern.compile("powershell \\d+(\\.\\d+)*");
    private static final java.util.regex.Pattern TRANSCRIPT_EDGE = java.util.regex.Pattern.compile("(windows )?powershell transcript (start|end)");

    /** The keys of a PowerShell transcript's header blocks (Start-Transcript), as PowerShell 5.1 and 7 write them. */
    private static final java.util.regex.Pattern TRANSCRIPT_KEY = java.util.regex.Pattern.compile("(?i)(start time|end time|"
            + "username|runas user|configuration name|machine|host application|process id|psversion|psedition|"
            + "pscompatibleversions|buildversion|clrversion|wsmanstackversion|psremotingprotocolversion|"
            + "serializationversion|os|platform|command start time):(.*)");

    /**
     * A line of a PowerShell transcript's frame ({@code Start-Transcript}): its rows of asterisks, "Windows PowerShell
     * transcript start" / "end", its header keys ({@code Start time: 20261201093012}, {@code PSVersion: 5.1…}),
     * "Transcript started, output file is …": "" for those, the host's name for {@code Machine: APP01 (Microsoft
     * Windows NT 10.0.20348.0)}; null for any other line.
     */
    static String transcriptFrame(String trimmed) {
        if (trimmed.isEmpty()) return null;
        // cheap tests first: this runs on every line that is no row (an lsof of every open file has 100,000)
        if (trimmed.charAt(0) == '*') return trimmed.length() >= 10 && trimmed.chars().allMatch(c -> c == '*') ? "" : null;
        if (trimmed.length() <= 40 || trimmed.regionMatches(true, 0, "transcript st", 0, 13)) {
            String lower = trimmed.toLowerCase(Locale.ROOT);
            if (TRANSCRIPT_EDGE.matcher(lower).matches() || lower.startsWith("transcript started, output file is")
                    || lower.startsWith("transcript stopped, output file is")) return "";
        }
        int colon = trimmed.indexOf(':');
        if (colon <= 0 || colon > 26) return null;
        java.util.regex.Matcher m = TRANSCRIPT_KEY.matcher(trimmed);
        if (!m.matches()) return null;
        if (!m.group(1).equalsIgnoreCase("machine")) return "";
        String machine = m.group(2).strip();
        int paren = machine.indexOf(" (");
        return paren > 0 ? machine.substring(0, paren) : machine;
    }

    /** Titles of sections we skip (UNIX domain, Bluetooth, kernel controls ...). */
    static boolean isOtherSectionTitle(String trimmedLower) {
        if (trimmedLower.startsWith("registered kernel control")) return true;
        return trimmedLower.startsWith("active ") && !trimmedLower.startsWith("active internet")
                && !trimmedLower.startsWith("active connections")
                && (trimmedLower.contains("socket") || trimmedLower.contains("connections"));
    }

    /**
     * Solaris/illumos section title ({@code TCP: IPv4}, {@code UDP: IPv6}, {@code SCTP:}): 'T' or 'U' for the
     * TCP/UDP sections whose rows have no protocol column, 'O' for another protocol's section, 0 otherwise.
     */
    static char solarisSection(String trimmed) {
        if (trimmed.length() < 4 || trimmed.length() > 12) return 0;
        if (trimmed.startsWith("TCP:") && (trimmed.length() == 4 || trimmed.startsWith(" IPv", 4))) return 'T';
        if (trimmed.startsWith("UDP:") && (trimmed.length() == 4 || trimmed.startsWith(" IPv", 4))) return 'U';
        if (trimmed.startsWith("SCTP:") || trimmed.startsWith("ICMP:") || trimmed.startsWith("RAWIP:")) return 'O';
        return 0;
    }

    static boolean isColumnHeader(String firstWordLower) {
        return HEADER_FIRST_WORDS.contains(firstWordLower);
    }

    /** lsof's column header: {@code COMMAND PID [TID TASKCMD] USER FD TYPE DEVICE SIZE/OFF NODE NAME} (lower case). */
    static boolean isLsofHeader(String trimmedLower) {
        java.util.List<String> words = java.util.Arrays.asList(trimmedLower.split("\\s+"));
        return words.size() >= 8 && words.get(0).equals("command") && words.get(1).equals("pid") && words.contains("fd")
                && words.contains("type") && words.contains("node") && words.get(words.size() - 1).equals("name");
    }

    static boolean isOwnershipMessage(String trimmedLower) {
        String t = trimmedLower.replace('\u2019', '\'');
        for (String m : OWNERSHIP_MESSAGES) if (t.startsWith(m)) return true;
        return false;
    }

    /**
     * A shell prompt with the command: {@code C:\>netstat -a}, {@code C:\¥> netstat -a},
     * {@code PS C:\> netstat -ano}, {@code $ ss -tulpn}, {@code root@host:~# netstat -an}.
     */
    static boolean isPrompt(String trimmed) {
        if (windowsCommand(trimmed) != null || "".equals(unixCommand(trimmed))) return true;
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (BARE_COMMAND.matcher(lower).matches()) return true;
        int cmd = commandStart(lower);
        if (cmd < 0) return false;
        // Everything before the command must look like a prompt: empty, or ending in $ # % >.
        String before = lower.substring(0, cmd).trim();
        if (before.startsWith("sudo")) before = "";
        else if (before.endsWith("sudo")) before = before.substring(0, before.length() - 4).trim();
        return before.isEmpty() || before.endsWith("$") || before.endsWith("#") || before.endsWith("%")
                || before.endsWith(">");
    }

    /**
     * A Unix shell prompt and its command: {@code user@host:~$ ip addr}, {@code [root@web01 ~]# route -n}, {@code $ arp -a},
     * FreeBSD's {@code root@ns1:~ # sockstat} (a space before the {@code #}), Photon OS's {@code root@host [ /var/lib ]# lsof},
     * pfSense's {@code [2.4.4-RELEASE][root@fw]/root: lsof -i}, csh's {@code charix@Poison:~ % sockstat -4 -l}, FreeNAS's
     * {@code root@freenas[~]# sockstat}, macOS's stock bash {@code bash-3.2$ lsof -i tcp:80}, Junos's operational mode
     * {@code root@qfx5120> show system connections}, Android's (adb shell, a serial console) {@code KSTB6077:/ # setenforce 0},
     * {@code walleye:/data/local/tmp $}, {@code 1|generic_x86:/ $} (the last command's exit status first); zsh's default on
     * macOS, {@code user@MacBook-Pro ~ % lsof -i :8080}
     * (the folder's last name after a space: {@code … mongodb-7.0.11 % mongod}; Gentoo's bash alike with {@code $}), under
     * a Python or conda environment's name ({@code (base) user@Mac ~ % …}), or csh's and zsh's {@code %} alone before a
     * command ({@code % lsof -n -i :5000}: a lower-case word after it, as Cisco's and Junos's {@code % Invalid input} are
     * messages), Gentoo's root prompt {@code pebbles ~ # jls} (a host, its folder from {@code ~} or {@code /}, the mark);
     * or a prompt alone ({@code k@devserver:~$}, BusyBox's {@code / #}: the command group empty).
     */
    private static final java.util.regex.Pattern UNIX_PROMPT = java.util.regex.Pattern.compile(
            "^(?:\\([\\w.-]+\\) )?(?:\\[[^\\]\\s]+@[^\\]]+\\] ?[$#]|[\\w.-]+ [~/][^\\s$#]* [$#](?=\\s|$)|[\\w.-]+@[\\w.-]+(?::[^$#%\\s]*| ?\\[[^\\]]*\\]| [^\\s$#%]+ )? ?[$#%]|\\$"
            + "|%(?=\\s+[a-z./~]|\\s*$)"
            + "|(?:ba|z|k|da|tc|c)?sh-\\d+(?:\\.\\d+)*[$#]|[\\w.-]+@[\\w.-]+>"
            + "|[~/][^$#\\s]* [$#](?=\\s*$)|\\[[^\\]\\s]+\\]\\[[\\w.-]+@[\\w.-]+\\][^\\s:]*:"
            + "|(?:\\d{1,3}\\|)?[\\w.-]+:(?:/(?!/)|~)[^$#\\s]* [$#])(?:\\s+(\\S.*))?$");
    /**
     * lsof or sockstat echoed without a prompt ({@code lsof -Pn -i4}, {@code sudo sockstat -4l}): options or nothing after
     * the program (an lsof row of a process named lsof has its PID there).
     */
    private static final java.util.regex.Pattern BARE_COMMAND =
            java.util.regex.Pattern.compile("(?:sudo\\s+)?(?:lsof|sockstat)(?:\\s+-.*)?");
    /** A socket cmdlet written without a prompt, as docs show the command above its output ({@code Get-NetTCPConnection -State Listen}). */
    private static final java.util.regex.Pattern BARE_CMDLET =
            java.util.regex.Pattern.compile("(?i)(?:get-nettcpconnection|get-netudpendpoint)(?:[\\s|].*)?");
    /** The host a Unix prompt names: {@code user@host:~$}, {@code [user@host ~]#}, {@code root@host:~ #}. */
    private static final java.util.regex.Pattern PROMPT_HOST = java.util.regex.Pattern.compile("^(?:\\([\\w.-]+\\) )?\\[?[\\w.-]+@([\\w.-]+)[: \\]$#]");

    /** The host a prompt line names ({@code root@web02:~# ss -tlnp}: web02); null when it names none (Windows, {@code $}). */
    static String promptHost(String trimmed) {
        if (trimmed.indexOf('@') <= 0) return null;
        java.util.regex.Matcher m = PROMPT_HOST.matcher(trimmed);
        return m.find() ? m.group(1) : null;
    }

    /** The arrows themed shells start a prompt with (oh-my-zsh's {@code ➜}, starship's and pure's {@code ❯}). */
    private static final String PROMPT_ARROWS = "\u279C\u276F\u00BB\u03BB";

    /** Commands whose output lists sockets (netstat without a routing, statistics or interface mode, ss, lsof ...). */
    private static final Set<String> SOCKET_COMMANDS = Set.of("netstat", "ss", "lsof", "sockstat", "get-nettcpconnection",
            "get-netudpendpoint", "busybox", "toybox", "fstat", "pfiles");
    /** Commands that show a file or filter output: what follows may be a dump; it is read as one. */
    private static final Set<String> SHOWING_COMMANDS = Set.of("type", "cat", "more", "less", "head", "tail", "get-content",
            "gc", "findstr", "find", "grep", "egrep", "select-string", "sls", "zcat", "powershell", "pwsh", "cmd", "sudo",
            "echo", "notepad", "notepad++", "code", "vim", "vi", "nano", "view", "wordpad", "start", "invoke-item", "ii");

    /**
     * For a prompt line that names its command ({@code C:\>ipconfig /all}, {@code PS C:\> Get-NetTCPConnection},
     * {@code user@host:~$ ip route}): whether that command lists sockets. Empty when the line is no prompt, names no
     * command, or one that shows a file or filters output (its output may be a dump). {@code netstat -r}, {@code -s},
     * {@code -i}, {@code -g}, {@code -m} list routes, statistics, interfaces, groups, memory: no sockets; so does
     * {@code -e} at a Windows prompt (Ethernet statistics), where at a Unix one it adds columns to the socket list.
     */
    static java.util.Optional<Boolean> promptListsSockets(String trimmed) {
        NamedCommand prompt = promptNamed(trimmed);
        return prompt == null ? java.util.Optional.empty() : prompt.listsSockets();
    }

    /**
     * A command a line names — {@code titled}: a collection script's title ({@link #decoratedCommand}), else a shell
     * prompt's ({@link #promptCommand}) — and whether it lists sockets ({@link #commandListsSockets}; empty for one that
     * shows a file or filters output).
     */
    record NamedCommand(String text, boolean titled, java.util.Optional<Boolean> listsSockets) {
    }

    /** The command a script's title or a shell prompt names; null when the line names none. */
    static NamedCommand namedCommand(String trimmed) {
        String titled = decoratedCommand(trimmed);
        if (titled != null) return new NamedCommand(titled, true, commandListsSockets(titled, false));
        return promptNamed(trimmed);
    }

    /**
     * A command written without a prompt, as notes and documents show one above its output: a known program alone
     * (one of four letters or more: {@code ipconfig}, {@code netstat}) or followed by an option, a pipe or a path
     * ({@code arp -a}, {@code ipconfig /all}, {@code netstat -ano | findstr 8080}); not one that shows a file
     * ({@code cat …}), and never an lsof row of a process with such a name (its PID comes second).
     */
    private static boolean bareCommand(String trimmed) {
        String[] w = trimmed.split("\\s+", 3);
        if (w[0].equals("sudo") && w.length > 1) w = w[1].concat(w.length > 2 ? " " + w[2] : "").split("\\s+", 3);
        String program = programName(w[0]);
        if (!knownProgram(w[0])) return false;
        // a program that shows a file or runs another (cat, type, adb, docker): only with a path or option after it
        if (SHOWING_COMMANDS.contains(program) || RUNNERS.contains(program)) {
            return w.length > 1 && (w[1].startsWith("/") || w[1].startsWith("-") || w[1].startsWith("~/") || w[1].startsWith("\\")
                    || w[1].length() > 2 && w[1].charAt(1) == ':' && w[1].charAt(2) == '\\' || RUNNERS.contains(program));
        }
        if (w.length == 1) return program.length() >= 4 && !SHELL_BUILTINS.contains(program);
        // a cmdlet's first argument may be a bare word ("Get-CimInstance Win32_Service -Filter …"): its name is enough
        if (CMDLET.matcher(program).matches()) return true;
        char c = w[1].charAt(0);
        return c == '-' || c == '/' || c == '|';
    }

    /** The command after a prompt, told once (a Windows prompt's {@code netstat -e} is Ethernet statistics); null for none. */
    private static NamedCommand promptNamed(String trimmed) {
        String windows = windowsCommand(trimmed);
        String command = windows != null ? windows : unixCommand(trimmed);
        if (command == null && (BARE_CMDLET.matcher(trimmed).matches() || bareCommand(trimmed))) command = trimmed;
        if (command == null || command.isBlank()) return null;
        return new NamedCommand(command, false, commandListsSockets(command, windows != null));
    }

    /**
     * Whether a command line ({@code netstat -ano}, {@code /usr/bin/ss -nap}) lists sockets; empty for one that shows a
     * file or filters output. {@code windows}: it was typed at a Windows prompt (where {@code netstat -e} is Ethernet
     * statistics). {@code ss -s} (or {@code --summary}) prints socket counts, not sockets.
     */
    static java.util.Optional<Boolean> commandListsSockets(String command, boolean windows) {
        String[] original = command.strip().split("\\s+");
        String[] words = command.strip().toLowerCase(Locale.ROOT).split("\\s+");
        // the program sudo or doas runs, after their options ("sudo -u postgres ss -tlnp", "sudo ls -la")
        int first = 0;
        while (first < words.length && (words[first].equals("sudo") || words[first].equals("doas"))) {
            first++;
            while (first < words.length && words[first].startsWith("-")) {
                String option = words[first++];
                if ((option.equals("-u") || option.equals("-g")) && first < words.length) first++;
            }
        }
        if (first == words.length) return java.util.Optional.empty();
        if (first > 0) {
            original = java.util.Arrays.copyOfRange(original, first, original.length);
            words = java.util.Arrays.copyOfRange(words, first, words.length);
        }
        String program = programName(words[0]);
        // Junos's operational command for its sockets (a FreeBSD netstat under it); any other "show …" is not one
        if (program.equals("show")) {
            return java.util.Optional.of(words.length > 2 && words[1].equals("system") && words[2].startsWith("conn"));
        }
        if (RUNNERS.contains(program)) {
            // the command it runs elsewhere ("adb shell \"netstat -tln\"", "docker exec -it web ss -tlnp", "ssh db1 ps -ef")
            for (int i = 1; i < words.length && !words[i].equals("|"); i++) {
                String inner = programName(unquoted(words[i]));
                if (SOCKET_COMMANDS.contains(inner)) {
                    String[] rest = java.util.Arrays.copyOfRange(original, i, original.length);
                    rest[0] = unquoted(rest[0]);
                    return commandListsSockets(String.join(" ", rest), windows);
                }
                if (OTHER_COMMANDS.contains(inner)) return java.util.Optional.of(false);
            }
            return java.util.Optional.empty();
        }
        if (SHOWING_COMMANDS.contains(program) && showsConfiguration(words)) return java.util.Optional.of(false);
        if (program.isEmpty() || SHOWING_COMMANDS.contains(program)) return java.util.Optional.empty();
        if (!SOCKET_COMMANDS.contains(program)) {
            // a program that runs a socket command with its options somewhere else: in a FreeBSD jail ("jexec 3 sockstat
            // -4l", "bastille cmd ALL sockstat -4", a script's "bbsd-cmd unbound 'sockstat -4'"), again and again ("watch
            // -n1 'netstat -an'"); not one that only names the program ("man netstat", "which lsof", "brew install lsof"),
            // nor a known command's ("ip netns exec blue ss -nap": another network namespace's sockets)
            for (int i = 1; i + 1 < words.length && !words[i].equals("|") && !OTHER_COMMANDS.contains(program); i++) {
                String inner = programName(unquoted(words[i]));
                if (SOCKET_COMMANDS.contains(inner) && unquoted(words[i + 1]).startsWith("-")) {
                    String[] rest = java.util.Arrays.copyOfRange(original, i, original.length);
                    for (int j = 0; j < rest.length; j++) rest[j] = unquoted(rest[j]);
                    return commandListsSockets(String.join(" ", rest), windows);
                }
            }
            return java.util.Optional.of(false);
        }
        // asked for its help ("netstat /?", "ss --help", "lsof -h"): its usage text, no sockets
        for (int i = 1; i < words.length && !words[i].equals("|"); i++) {
            String w = words[i];
            if (w.equals("/?") || w.equals("-?") || w.equals("--help") || w.equals("-h") && !program.equals("netstat")) {
                return java.util.Optional.of(false);
            }
        }
        if (program.equals("netstat")) {
            // -e is Ethernet statistics on Windows, the extended socket list (User, Inode) on Linux and macOS
            String modes = windows ? "rsiegm" : "rsigm";
            for (int i = 1; i < words.length; i++) {
                String w = words[i];
                if ((w.startsWith("-") || w.startsWith("/")) && !w.startsWith("--") && w.length() > 1
                        && w.substring(1).chars().anyMatch(c -> modes.indexOf(c) >= 0)) return java.util.Optional.of(false);
            }
        }
        if (program.equals("ss")) {
            // options are case-sensitive here: -S is SCTP, -s the summary
            for (int i = 1; i < original.length && !original[i].equals("|"); i++) {
                String w = original[i];
                if (w.equals("--summary") || w.startsWith("-") && !w.startsWith("--") && w.indexOf('s') > 0) {
                    return java.util.Optional.of(false);
                }
            }
        }
        // piped into wc ("netstat -at | grep ESTABLISHED | wc -l"): a count, no socket list
        int pipe = command.lastIndexOf('|');
        if (pipe > 0) {
            String[] last = command.substring(pipe + 1).strip().split("\\s+", 2);
            if (programName(last[0]).equals("wc")) return java.util.Optional.of(false);
        }
        return java.util.Optional.of(true);
    }

    /**
     * A command that shows a file shows a configuration, a script or a page, no socket list, when a file it names (before
     * any pipe) is under /etc or has such a file's extension: "cat 000-default.conf", "cat /etc/config/dhcp",
     * "less nginx.conf", "type C:\\app\\settings.json". Its output (an Apache virtual host, a unit file) was read as a dump
     * and every line of it was a problem.
     */
    private static boolean showsConfiguration(String[] words) {
        for (int i = 1; i < words.length && !words[i].startsWith("|"); i++) {
            String w = unquoted(words[i]);
            if (w.startsWith("-") || w.indexOf('|') >= 0) break;
            String name = w.substring(Math.max(w.lastIndexOf('/'), w.lastIndexOf('\\')) + 1);
            int dot = name.lastIndexOf('.');
            if (w.startsWith("/etc/") || dot > 0 && CONFIG_EXTENSIONS.contains(name.substring(dot + 1))
                    || name.equals(".htpasswd") || name.equals(".htaccess") || name.equals(".env")) {
                return true;
            }
        }
        return false;
    }

    private static final Set<String> CONFIG_EXTENSIONS = Set.of("conf", "cfg", "cnf", "ini", "xml", "yml", "yaml", "json", "toml",
            "properties", "service", "socket", "timer", "html", "htm", "php", "py", "sh", "ps1", "js", "rb", "pl", "pem", "crt", "key");

    /**
     * A line of ss's socket details ({@code -i}, {@code -m}, {@code -e}) however it was wrapped: at least two of its
     * words are ss's {@code key:value} details ({@code rto:201}, {@code rtt:0.093/0.025}, {@code skmem:(r0,…)}) and every
     * word is one of those or a bare word or rate ({@code cubic}, {@code send 1.2Gbps}).
     */
    static boolean isSsInfo(String trimmed) {
        String[] words = trimmed.split("\\s+");
        if (words.length == 1) {
            // one of -o's, -m's or -p's fields alone on its line ("timer:(keepalive,18min,0)" under a row a book re-flowed)
            String w = words[0];
            return w.endsWith(")") && (w.startsWith("timer:(") || w.startsWith("skmem:(") || w.startsWith("users:(("));
        }
        int known = 0;
        for (String w : words) {
            int colon = w.indexOf(':');
            if (colon > 0) {
                if (SS_INFO_KEYS.contains(w.substring(0, colon))) known++;
                else if (!SS_INFO_WORD.matcher(w.substring(0, colon)).matches()) return false;
            } else if (!SS_INFO_WORD.matcher(w).matches() && !SS_RATE.matcher(w).matches()) {
                return false;
            }
        }
        return known >= 2;
    }

    private static final Set<String> SS_INFO_KEYS = Set.of("rto", "rtt", "ato", "mss", "pmtu", "rcvmss", "advmss", "cwnd",
            "ssthresh", "bytes_sent", "bytes_acked", "bytes_received", "bytes_retrans", "segs_out", "segs_in", "data_segs_out",
            "data_segs_in", "lastsnd", "lastrcv", "lastack", "delivered", "busy", "rcv_rtt", "rcv_space", "rcv_ssthresh",
            "minrtt", "snd_wnd", "rcv_wnd", "wscale", "skmem", "timer", "ino", "sk", "cgroup", "uid", "notsent", "unacked",
            "retrans", "reordering", "dsack_dups", "bbr", "backoff", "lost", "sacked", "fackets", "rwnd_limited", "sndbuf_limited");
    private static final java.util.regex.Pattern SS_INFO_WORD = java.util.regex.Pattern.compile("[a-z_]+");
    private static final java.util.regex.Pattern SS_RATE = java.util.regex.Pattern.compile("[\\d.]+[KMG]?bps|<->|->|<-");

    /** Programs that run a command elsewhere (a phone, a container, another host): their output is that command's. */
    private static final Set<String> RUNNERS = Set.of("adb", "docker", "kubectl", "podman", "nsenter", "wsl", "ssh");

    private static String unquoted(String word) {
        int from = 0;
        int to = word.length();
        while (from < to && (word.charAt(from) == '"' || word.charAt(from) == '\'')) from++;
        while (to > from && (word.charAt(to - 1) == '"' || word.charAt(to - 1) == '\'')) to--;
        return word.substring(from, to);
    }

    /** Programs a collection script's title may name ({@link #decoratedCommand}), besides the socket and showing ones. */
    private static final Set<String> OTHER_COMMANDS = Set.of("ipconfig", "ifconfig", "ip", "route", "arp", "nbtstat", "netsh",
            "systeminfo", "hostname", "uname", "tasklist", "whoami", "date", "uptime", "ps", "df", "free", "iptables",
            "ip6tables", "nft", "firewall-cmd", "ufw", "ping", "tracert", "traceroute", "nslookup", "dig", "getmac", "net",
            "wmic", "sc", "get-netipconfiguration", "get-netadapter", "get-netroute", "get-process", "get-service", "nstat",
            "pfctl", "ipfw", "dmesg", "lsmod", "who", "w", "id", "env", "set", "ver",
            // commands written beside a dump in notes (to stop what holds a port, to try one)
            "taskkill", "kill", "pkill", "killall", "stop-process", "scp", "nc", "ncat", "wc", "test-netconnection", "tnc",
            "systemctl", "service", "journalctl", "curl", "wget", "telnet", "ls");
    /**
     * A shell's own commands, known after a prompt ("/ # exit", "~ $ cd /tmp"); "exit" alone is also what bash prints as
     * it ends, no command written without a prompt.
     */
    private static final Set<String> SHELL_BUILTINS = Set.of("exit", "cd", "pwd", "clear");
    private static final String DECORATION = "=-#*~+";

    /**
     * The command a collection script's title names, as scripts write one before each command's output:
     * {@code ==== netstat -ano ====}, {@code ### ss -tunap}, {@code ----- ipconfig /all -----}, {@code *** route print ***}
     * (a run of at least three of {@code = - # * ~ +}, then a command whose program is known, then decoration or nothing);
     * null for any other line.
     */
    static String decoratedCommand(String trimmed) {
        int n = trimmed.length();
        if (n < 5 || DECORATION.indexOf(trimmed.charAt(0)) < 0) return null;
        int i = 0;
        while (i < n && DECORATION.indexOf(trimmed.charAt(i)) >= 0) i++;
        if (i < 3) return null;
        int end = n;
        while (end > i && (DECORATION.indexOf(trimmed.charAt(end - 1)) >= 0 || trimmed.charAt(end - 1) == ':')) end--;
        String command = trimmed.substring(i, end).strip();
        if (command.isEmpty()) return null;
        return knownProgram(command.split("\\s+")[0]) ? command : null;
    }

    /**
     * A command's program as the sets name it: lower case, without its folder and {@code .exe}
     * ({@code C:\Windows\System32\NETSTAT.EXE}: netstat).
     */
    private static String programName(String word) {
        String p = word.toLowerCase(Locale.ROOT);
        p = p.substring(Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')) + 1);
        return p.endsWith(".exe") ? p.substring(0, p.length() - 4) : p;
    }

    /** A program that lists sockets, shows a file or filters output, or another a collection script runs. */
    static boolean knownProgram(String word) {
        String p = programName(word);
        return SOCKET_COMMANDS.contains(p) || SHOWING_COMMANDS.contains(p) || RUNNERS.contains(p) || OTHER_COMMANDS.contains(p)
                || CMDLET.matcher(p).matches() || SHELL_BUILTINS.contains(p);
    }

    /**
     * A PowerShell cmdlet of the verbs notes run beside a dump ({@code Test-NetConnection}, {@code Get-NetIPAddress},
     * {@code Stop-Process}, {@code Resolve-DnsName}): a verb, a hyphen and a noun (lower case here). No socket row, owner
     * line or header starts with one. Not a pipeline's later stages (Select-, Where-, Format-, Sort- …): a continuation
     * line ({@code >> Format-Table -AutoSize}) is still the socket cmdlet's command, its table to be read; nor a cmdlet
     * that runs another command (Invoke-Command, Start-Process), whose output may be a dump.
     */
    private static final java.util.regex.Pattern CMDLET = java.util.regex.Pattern.compile(
            "(?:get|set|test|stop|restart|new|remove|resolve|enable|disable)-[a-z][a-z0-9]{2,}");

    /**
     * The title of a SUSE supportconfig section header, {@code #==[ Command ]=====#} → {@code Command}; null for any
     * other line. Under a {@code Command} header the next line is {@code # /full/path/command args}, then its output.
     */
    static String supportconfigTitle(String trimmed) {
        if (!trimmed.startsWith("#==[") || !trimmed.endsWith("#")) return null;
        int close = trimmed.indexOf(']', 4);
        if (close < 0 || close + 1 >= trimmed.length() || trimmed.charAt(close + 1) != '=') return null;
        return trimmed.substring(4, close).strip();
    }

    /** The command after a shell prompt ({@code C:\>…}, {@code PS C:\>…}, {@code user@host:~$ …}); null for no prompt. */
    static String promptCommand(String trimmed) {
        String windows = windowsCommand(trimmed);
        return windows != null ? windows : unixCommand(trimmed);
    }

    /** The command after a Unix prompt ({@code user@host:~$ …}, {@code [root@web01 ~]# …}, {@code $ …}); null for none. */
    private static String unixCommand(String trimmed) {
        if (!trimmed.isEmpty() && PROMPT_ARROWS.indexOf(trimmed.charAt(0)) >= 0) return arrowCommand(trimmed);
        if (trimmed.startsWith("\u23FA")) return agentCommand(trimmed);
        // a themed prompt's arrow after its segments: "(master⚡)» netstat -n | grep 200"
        for (int i = 1; i < Math.min(trimmed.length(), 40); i++) {
            if (PROMPT_ARROWS.indexOf(trimmed.charAt(i)) >= 0 && i + 1 < trimmed.length() && trimmed.charAt(i + 1) == ' ') {
                String command = arrowCommand(trimmed.substring(i));
                if (command != null && !command.isEmpty()) return command;
                break;
            }
        }
        if (trimmed.startsWith("> ")) {
            // a prompt written as ">" alone (notes' shorthand for a Windows or PowerShell prompt, PowerShell's continuation
            // prompt) before a known program: "> Test-NetConnection 51.250.6.192 -p 5438"; a quoted sentence is not one
            String rest = trimmed.substring(2).strip();
            return !rest.isEmpty() && knownProgram(rest.split("\\s+", 2)[0]) ? rest : null;
        }
        if (trimmed.isEmpty()) return null;
        if (trimmed.charAt(0) == '\u2514') {
            // the second line of Kali's and Parrot's two-line prompt ("┌──(kali㉿kali)-[~]" above): "└─$ nc -lvnp 4444",
            // "└─# ss -tlnp", "└──╼ $netstat -an"
            java.util.regex.Matcher m = TWO_LINE_PROMPT.matcher(trimmed);
            return m.matches() ? (m.group(1) == null ? "" : m.group(1)) : null;
        }
        java.util.regex.Matcher folder = trimmed.charAt(0) == '/' || trimmed.charAt(0) == '~' ? FOLDER_PROMPT.matcher(trimmed) : null;
        if (folder != null && folder.matches() && knownProgram(folder.group(1))) {
            // BusyBox's and Android's prompt, a folder and "$" or "#" ("/ $ ps -ef | grep 24370", "~ # ip a"), before a
            // known program: alone it is told by UNIX_PROMPT; with any other text it may be a path and a comment
            return trimmed.substring(folder.start(1));
        }
        if (trimmed.startsWith("# ")) {
            // a root shell's "#" alone before a known program ("# fstat | grep *:80", "# ps aux"), not a heading's
            String rest = trimmed.substring(2).strip();
            return !rest.isEmpty() && knownProgram(rest.split("\\s+", 2)[0]) ? rest : null;
        }
        java.util.regex.Matcher repl = trimmed.indexOf('>') > 1 && trimmed.charAt(0) >= 'a' && trimmed.charAt(0) <= 'z'
                ? REPL_PROMPT.matcher(trimmed) : null;
        if (repl != null && repl.matches()) {
            // an interactive program's prompt, its name and '>' ("mql> ports.list => []", "mysql> show variables;", "sqlite>"):
            // what a user typed there and its answer are no dump's lines
            return repl.group(1) == null ? "" : repl.group(1);
        }
        // every form of UNIX_PROMPT has a '@' after its first character, a " ~" or " /" (Gentoo's), or starts with '$', '%', '/', '~' or a shell's name and
        // version ("bash-3.2$"): told without the regex first (this runs on every line of a dump that is no row, and on a
        // bundle's every file's first lines)
        if (!trimmed.startsWith("$") && trimmed.indexOf('@') <= 0 && !trimmed.startsWith("/") && !trimmed.startsWith("~")
                && !trimmed.startsWith("%") && !shellVersionPrompt(trimmed) && !androidPrompt(trimmed) && trimmed.indexOf(" ~") < 0
                && trimmed.indexOf(" /") < 0) {
            return null;
        }
        java.util.regex.Matcher m = UNIX_PROMPT.matcher(trimmed);
        if (!m.matches()) return null;
        return m.group(1) == null ? "" : m.group(1);
    }

    /** A program's own prompt: a lower-case name and '>', then what was typed ("mql> ports.list", "mysql>"). */
    private static final java.util.regex.Pattern REPL_PROMPT = java.util.regex.Pattern.compile("[a-z][a-z0-9_-]{1,15}>(?:\\s+(\\S.*))?");
    /** The second line of a two-line prompt (Kali, Parrot) and its command: "└─$ nc -lvnp 4444", "└──╼ $netstat -an". */
    private static final java.util.regex.Pattern TWO_LINE_PROMPT = java.util.regex.Pattern.compile("\u2514\u2500+\u257C? ?[$#](?:\\s*(\\S.*))?");
    /** A folder, "$" or "#" and a command's first word: "/ $ ps -ef", "/www/shell $ find / -perm -4000". */
    private static final java.util.regex.Pattern FOLDER_PROMPT = java.util.regex.Pattern.compile("[~/][^$#\\s]* [$#]\\s+(\\S+).*");
    /**
     * The command an AI coding agent's transcript (Claude Code) shows it ran: {@code ⏺ Bash(lsof -i :7880 2>/dev/null)},
     * its closing parenthesis on a later line when the command is long; null for the agent's sentences after the same
     * mark ({@code ⏺ I can see: …}).
     */
    private static String agentCommand(String trimmed) {
        java.util.regex.Matcher m = AGENT_TOOL.matcher(trimmed);
        if (!m.matches()) return null;
        String command = m.group(1).strip();
        return command.endsWith(")") ? command.substring(0, command.length() - 1).strip() : command;
    }

    private static final java.util.regex.Pattern AGENT_TOOL = java.util.regex.Pattern.compile("\u23FA\\s*Bash\\((.*)");

    private static final java.util.regex.Pattern JUNOS_BANNER = java.util.regex.Pattern.compile("\\{(?:master|backup|primary|secondary)(?::[\\w-]+)?\\}");

    /** Starts like Android's shell prompt, its device name and a folder: "KSTB6077:/ #", "walleye:/data/local/tmp $". */
    private static boolean androidPrompt(String trimmed) {
        int colon = trimmed.indexOf(':');
        return colon > 0 && colon < 40 && colon + 1 < trimmed.length() && (trimmed.charAt(colon + 1) == '/' || trimmed.charAt(colon + 1) == '~');
    }

    /** Starts like a shell's default prompt of its name and version: "bash-3.2$", "sh-4.2#". */
    private static boolean shellVersionPrompt(String trimmed) {
        int dash = trimmed.indexOf("sh-");
        return dash >= 0 && dash <= 4 && trimmed.length() > dash + 3 && Character.isDigit(trimmed.charAt(dash + 3));
    }

    /**
     * The command after a themed shell's arrow: {@code ➜  ~ lsof -Pn -i4}, {@code ❯ Get-NetTCPConnection}. The word after
     * the arrow is the current folder when it is a path ({@code ~}, {@code ~/src}, {@code /etc}) or when a known program
     * follows it ({@code ➜  webapp netstat -an}); "" for the arrow alone; null when no known program is named.
     */
    private static String arrowCommand(String trimmed) {
        String rest = trimmed.substring(1).strip();
        if (rest.isEmpty()) return "";
        String[] w = rest.split("\\s+", 3);
        boolean folder = w[0].startsWith("~") || w[0].startsWith("/") || w.length > 1 && knownProgram(w[1]) && !knownProgram(w[0]);
        String command = folder ? rest.substring(w[0].length()).strip() : rest;
        if (command.isEmpty()) return "";
        return knownProgram(command.split("\\s+", 2)[0]) ? command : null;
    }

    /** The command after a Windows prompt ({@code C:\Users\admin>…}, {@code PS C:\>…}; "" for none); null for none. */
    private static String windowsCommand(String trimmed) {
        boolean drive = trimmed.length() >= 3 && Character.isLetter(trimmed.charAt(0)) && trimmed.charAt(1) == ':'
                && (trimmed.charAt(2) == '\\' || trimmed.charAt(2) == '¥' || trimmed.charAt(2) == '/');
        if (!drive && !trimmed.startsWith("PS ") && !trimmed.startsWith("PS>")) return null;
        int gt = trimmed.indexOf('>');
        return gt > 0 ? trimmed.substring(gt + 1) : null;
    }

    private static int commandStart(String lower) {
        for (String c : new String[] {"busybox netstat", "netstat", "ss "}) {
            int i = lower.indexOf(c);
            if (i >= 0) return i;
        }
        return lower.equals("ss") || lower.endsWith(" ss") ? lower.lastIndexOf("ss") : -1;
    }
}
