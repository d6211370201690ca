package dev.portolan.ingest.netstat;

import java.util.Locale;

/**
 * Lines a person or a program wrote around a pasted dump that are plainly no row, nor a damaged one: a sentence ("This
 * seems to be a bug, but I'm not sure …", in any script), a link, a list marker ({@code 6.}, {@code 2-}), HTML tags
 * alone, a program's message ({@code lsof: WARNING: compiled for FreeBSD …}, {@code -ash: lsof: command not found},
 * {@code netstat: /proc/net/tcp6: No such file or directory}), {@code uname -a}'s output. The reader counts them in a
 * note instead of reporting each as a problem. Strict on purpose: a line with a socket address ({@code 0.0.0.0:8000},
 * {@code *.22}) is text only when it is a long sentence, as no row (damaged or not) has six words of letters for
 * at most one other token.
 */
public final class TextLines {
    private TextLines() {
    }

    /** Whether a line (without its indentation) is text around a dump, as the class says. */
    public static boolean isText(String trimmed) {
        if (trimmed.isEmpty()) return false;
        String t = HTML_TAG.matcher(trimmed).replaceAll(" ").strip();
        if (t.isEmpty()) return true; // tags alone: "<del>", "</details>"
        if (t.length() > 2 && t.charAt(0) == '`' && t.charAt(t.length() - 1) == '`') t = t.substring(1, t.length() - 1).strip();
        // a tree drawn with box-drawing characters ("├── about", "│   └── aboutme.html"), told before the symbols are cut
        if (t.charAt(0) >= '\u2500' && t.charAt(0) <= '\u257F') return true;
        // an executable's name in brackets where no row is above it: netstat -b's owner line a note moved over its row
        // ("[Spotify.exe]" above "TCP 192.168.1.16:53112 …"), or kept alone
        if (OWNER_ALONE.matcher(t).matches()) return true;
        // a list item of words without a socket address ("- TCPView", "2. 使用场景"): no row starts with a bullet or a number
        // and a dot
        if (BULLETED.matcher(t).matches() && !ENDPOINT.matcher(t).find()) return true;
        t = LEAD.matcher(t).replaceFirst(""); // an emoji or a list bullet before the text: "🖥️ **Machine**", "- donnez …"
        if (t.isEmpty()) return true;
        if (RULE.matcher(t).matches() || LIST_MARKER.matcher(t).matches() || UNAME.matcher(t).matches() || PAGER.matcher(t).matches()
                || SYSLOG.matcher(t).matches() || SUNOS_BANNER.matcher(t).find() || KERNEL_MESSAGE.matcher(t).lookingAt()
                || JOB_STATUS.matcher(t).lookingAt()) {
            return true;
        }
        if (programMessage(t) || heading(t) || PROPERTY.matcher(t).matches() || LABELLED.matcher(t).matches()) return true;
        // a Markdown table's row ("| HTTP | 80/tcp | [RFC 2616](…) |", "| :-- | :-- |"): no socket row starts and ends with
        // a pipe; one whose cells hold a socket address is left to be told as a row or a problem
        if (t.length() > 2 && t.charAt(0) == '|' && t.charAt(t.length() - 1) == '|' && t.chars().filter(ch -> ch == '|').count() >= 3
                && !ENDPOINT.matcher(URL_IN_TEXT.matcher(t).replaceAll(" ")).find()) {
            return true;
        }
        if (FOLDER.matcher(t).matches()) return true; // a folder's name alone, as a tree of files starts: "myproject/"
        // a heading between rules ("===== 1. systemctl status (nginx vs caddy) ====="), a C comment's ends
        if (RULED_HEADING.matcher(t).matches() || t.equals("/*") || t.equals("*/")) return true;
        // markup alone: reStructuredText's "::", a string's end "`;", kramdown's "{: .notice--info}"
        if (t.length() <= 3 && t.chars().allMatch(ch -> "`'\";:,)]}>".indexOf(ch) >= 0) && t.chars().anyMatch(ch -> ";:,)]}>".indexOf(ch) >= 0)
                || t.startsWith("{:") && t.endsWith("}")) {
            return true;
        }
        // a count of a state, as "| awk '{print $6}' | sort | uniq -c" prints it: "     53 TIME-WAIT"
        int space = t.indexOf(' ');
        if (space > 0 && space <= 9 && t.chars().limit(space).allMatch(Character::isDigit)
                && Vocabulary.normaliseState(t.substring(space).strip()) != null) {
            return true;
        }
        if (t.startsWith("**") && t.endsWith("**") && t.length() > 4) return true; // Markdown bold: "**To Reproduce**"
        if (MARKDOWN_LINK.matcher(t).matches()) return true; // a link or an image alone: "![Képernyőkép 2025-02-06](https://…)"
        // a static site's template tag around a code block: Jekyll's "{% highlight text %}", "{% endhighlight %}", Hugo's
        // "{{< highlight bash >}}"
        if (t.startsWith("{%") && t.endsWith("%}") || t.startsWith("{{") && t.endsWith("}}")) return true;
        if (LINK_DEFINITION.matcher(t).matches()) return true; // a Markdown link's target: "[1]: https://developer.apple.com/…"
        if (TIMESTAMP.matcher(t).matches()) return true; // a chat export's time of a message: "*2026-05-06T14:30:48.353Z*"
        // a time of day alone, as a log viewer copied from a page puts each entry's time on a line of its own ("21:57:26"
        // above "[INFO]" and "Server started on 127.0.0.1:8999")
        if (TIME_OF_DAY.matcher(t).matches()) return true;
        // an identifier a program printed alone: "docker run -d …"'s container ID, a commit's or a file's hash
        if (HEX_ID.matcher(t).matches()) return true;
        // an HTML comment alone, as Markdown notes wrap a section or an editor's fold in one ("<!-- Example {{{-->",
        // "<!-- }}} -->")
        if (t.startsWith("<!--") && t.endsWith("-->")) return true;
        boolean linked = MARKDOWN_LINK.matcher(t).find();
        if (linked) t = MARKDOWN_LINK.matcher(t).replaceAll("$1");
        if (VERSION.matcher(t).matches()) return true;
        // a script's file name alone ("tcp2.ps1"), a PowerShell statement ("$path = (Get-CimInstance …)", "`$now = get-date")
        if (FILE_NAME.matcher(t).matches() || PS_STATEMENT.matcher(t).matches()) return true;
        // a list of numbers a person wrote, one phrase of a sentence ("… listen to the 0.0.0.0 host.(ports: 11333, 5222,
        // 9104, 5269, 4190)"): no dump separates its columns with a comma and a blank
        t = NUMBER_LIST.matcher(t).replaceAll("numbers");
        String[] tokens = t.split("\\s+");
        int words = 0;
        int urls = 0;
        boolean endpoint = false;
        int scriptLetters = 0;
        for (String token : tokens) {
            if (URL.matcher(token).matches()) {
                urls++;
                continue;
            }
            if (ENDPOINT.matcher(token).find()) endpoint = true;
            String w = trimPunctuation(token);
            if (!w.isEmpty() && WORD.matcher(w).matches()) words++;
            for (int i = 0; i < token.length(); i++) if (wideScript(token.charAt(i))) scriptLetters++;
        }
        int others = tokens.length - words - urls;
        // a dash between words, as a definition says what a term means ("`uid:1000` — the socket's owner"): prose's
        // punctuation, printed in no dump
        for (String token : tokens) {
            if ((token.equals("\u2014") || token.equals("\u2013")) && words >= 2) return true;
        }
        if ((urls > 0 || linked) && others == 0) return true; // a link, alone or after words ("See https://…")
        // a title of words alone: "Example Log Input", "Listening ports"
        if (!endpoint && tokens.length >= 2 && words == tokens.length) return true;
        // a caption: "Spotify :", "Overwatch 2 :", "Resultado:"
        if (!endpoint && (t.endsWith(":") || t.endsWith("\uFF1A")) && tokens.length <= 5 && (words >= 1 || scriptLetters >= 2)
                && words + 2 >= tokens.length) {
            return true;
        }
        // a sentence in a script written without spaces (Chinese, Japanese) or with few (Korean)
        if (!endpoint && scriptLetters >= 6 && scriptLetters * 3 >= nonBlank(t)) return true;
        // a few words of it alone ("事实上", "结果如下：") — no row or header is made of such letters alone — and a long
        // sentence in it naming an address or two, mostly its letters (a row names a process of a few at most)
        if (scriptLetters >= 2 && !endpoint && scriptLetters + wideMarks(t) == nonBlank(t)
                || endpoint && scriptLetters >= 15 && scriptLetters * 2 >= nonBlank(t)) {
            return true;
        }
        // a sentence in it that names a command or a number in Latin letters and digits ("使用 kill -9 7300", "kill-15 7300
        // 刪除process卻都沒反應"): two of its letters together and no address; not a row's tail wrapped onto a line of its
        // own, which names a state ("수신 대기       1234")
        if (!endpoint && wideRun(t) && !namesState(tokens)) return true;
        if (!endpoint && words >= 4 && words * 4 >= tokens.length * 3) return true;
        // a long sentence naming an address or two: "Using Haproxy to bind on 0.0.0.0:443 and 0.0.0.0:80 fail to start …"
        return words >= 8 && words * 4 >= tokens.length * 3 || words >= 6 && words * 5 >= tokens.length * 4 && others <= 1;
    }

    /**
     * A Markdown heading ({@code ### Analyse}, {@code # P2: Comandos Windows y Linux}): one to six {@code #}, a space, and
     * text that does not start with a known program (a root prompt {@code # netstat -an} does).
     */
    private static boolean heading(String t) {
        int n = 0;
        while (n < t.length() && t.charAt(n) == '#') n++;
        if (n == 0 || n > 6 || n >= t.length() || t.charAt(n) != ' ') return false;
        String rest = t.substring(n).strip();
        if (rest.isEmpty()) return false;
        String first = rest.split("\\s+", 2)[0];
        // one '#' and a program is a root prompt ("# netstat -an"); "## NSLOOKUP" is a heading
        // a time of day in a heading ("## Turn 8 — 2026-04-24 23:55:10 UTC") is no socket address
        return (n > 1 || !Vocabulary.knownProgram(first)) && !ENDPOINT.matcher(CLOCK.matcher(rest).replaceAll(" ")).find();
    }

    /** {@code prog: message}: a shell's or a socket tool's own complaint, not its output. */
    static boolean programMessage(String t) {
        int colon = t.indexOf(": ");
        if (colon <= 0) return false;
        String program = t.substring(0, colon);
        if (program.startsWith("-")) program = program.substring(1); // a login shell: "-ash", "-bash"
        if (program.indexOf(' ') >= 0) return false;
        String p = program.toLowerCase(Locale.ROOT);
        return SHELLS.contains(p) || Vocabulary.knownProgram(p);
    }

    private static final java.util.Set<String> SHELLS = java.util.Set.of("sh", "ash", "bash", "zsh", "ksh", "dash", "busybox", "fish", "csh", "tcsh");

    private static String trimPunctuation(String token) {
        int from = 0;
        int to = token.length();
        while (from < to && PUNCTUATION.indexOf(token.charAt(from)) >= 0) from++;
        while (to > from && PUNCTUATION.indexOf(token.charAt(to - 1)) >= 0) to--;
        return token.substring(from, to);
    }

    private static final String PUNCTUATION = "`'\"()[]{},.;:!?¿¡-*_«»“”‘’…";

    /** Whether a line has letters of a script written without spaces (Chinese, Japanese) or Korean's. */
    static boolean hasWideScript(String t) {
        for (int i = 0; i < t.length(); i++) if (wideScript(t.charAt(i))) return true;
        return false;
    }

    /** Two letters of those scripts side by side: a word of theirs, not a stray character. */
    private static boolean wideRun(String t) {
        for (int i = 1; i < t.length(); i++) if (wideScript(t.charAt(i - 1)) && wideScript(t.charAt(i))) return true;
        return false;
    }

    /** Whether a token, or two side by side, is a socket state in any language ("LISTENING", "수신 대기"). */
    private static boolean namesState(String[] tokens) {
        for (int i = 0; i < tokens.length; i++) {
            if (Vocabulary.normaliseState(tokens[i]) != null
                    || i + 1 < tokens.length && Vocabulary.normaliseState(tokens[i] + " " + tokens[i + 1]) != null) {
                return true;
            }
        }
        return false;
    }

    private static boolean wideScript(char c) {
        Character.UnicodeScript s = Character.UnicodeScript.of(c);
        return s == Character.UnicodeScript.HAN || s == Character.UnicodeScript.HIRAGANA
                || s == Character.UnicodeScript.KATAKANA || s == Character.UnicodeScript.HANGUL;
    }

    /** Full-width punctuation, as a sentence in Chinese or Japanese has it: "，", "。", "：", "、", "（". */
    private static int wideMarks(String t) {
        int n = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c >= '\u3000' && c <= '\u303F' || c >= '\uFF00' && c <= '\uFF0F' || c >= '\uFF1A' && c <= '\uFF20') n++;
        }
        return n;
    }

    private static int nonBlank(String t) {
        int n = 0;
        for (int i = 0; i < t.length(); i++) if (!Character.isWhitespace(t.charAt(i))) n++;
        return n;
    }

    /** Three or more numbers separated by a comma and blanks: "11333, 5222, 9104". */
    private static final java.util.regex.Pattern NUMBER_LIST = java.util.regex.Pattern.compile("(?<![\\w.:])\\d{1,5}(?:,[ \\t]+\\d{1,5}){2,}(?![\\w.:])");
    /** A word: a letter, then letters, digits, apostrophes or hyphens ("IPv6", "I'm", "net-tools"). */
    private static final java.util.regex.Pattern WORD = java.util.regex.Pattern.compile("\\p{L}[\\p{L}\\p{M}\\d'’-]*");
    private static final java.util.regex.Pattern URL = java.util.regex.Pattern.compile("[<(\\[]?(?:https?|ftp)://\\S+");
    /** A socket address as netstat, ss or lsof print one: host:port, [v6]:port, *:*, BSD's *.22 and a.b.c.d.port. */
    private static final java.util.regex.Pattern ENDPOINT = java.util.regex.Pattern.compile(
            "[\\w\\]*]:(?:\\d|\\*)|\\*\\.(?:\\d|\\*)|\\d+\\.\\d+\\.\\d+\\.\\d+\\.\\d+");
    private static final java.util.regex.Pattern HTML_TAG = java.util.regex.Pattern.compile("</?[a-zA-Z][a-zA-Z0-9]*(?:\\s[^<>]*)?/?>");
    /**
     * A pager's prompt left in a console copy: {@code -- More --}, {@code --More--(45%)}, and its words in other UI
     * languages ({@code -- Suite --}, {@code -- Fortsetzung --}).
     */
    private static final java.util.regex.Pattern PAGER = java.util.regex.Pattern.compile("--\\s?[^\\s-][^-]{0,24}?\\s?--(?:\\(\\d+%\\))?");
    /**
     * A property of an object a list format printed ({@code Id      : 18908}, {@code Name    : xp.cn_cgi}), or a
     * similar key and value of another tool's output ({@code Server:  dns.google}): one word, a colon, one value.
     * A socket object's properties are read before this is asked.
     */
    private static final java.util.regex.Pattern PROPERTY = java.util.regex.Pattern.compile("\\p{L}[\\p{L}\\d_-]{0,39}\\s*:\\s+[^\\s:]+");
    /**
     * A value after a label of a few words, as notes write what they read in a dump or a capture: "ip dst :  172.65.252.253",
     * "Mon ip et mon port : 10.33.70.185:63608", "port src : 60506", "Parancs: `ping microsoft.com`" (a command in
     * backticks). No socket row has a colon standing after words and before one value.
     */
    private static final java.util.regex.Pattern LABELLED = java.util.regex.Pattern.compile(
            "\\p{L}[\\p{L}\\p{M}'’-]*(?: \\p{L}[\\p{L}\\p{M}'’-]*){0,5} ?[:\uFF1A]\\s+(?:`[^`]+`|\\S+)");
    private static final java.util.regex.Pattern URL_IN_TEXT = java.util.regex.Pattern.compile("(?:https?|ftp)://\\S+");
    /** A Markdown list item whose text starts with a word: "- TCPView", "* Procesos en ejecución", "1. 帮助文档". */
    private static final java.util.regex.Pattern BULLETED = java.util.regex.Pattern.compile(
            "(?:[-*+•]|\\d{1,3}[.)])\\s+\\p{L}[\\p{L}\\p{M}\\d'’-]*(?:\\s.*)?");
    /** A time of day: "23:55:10", "07:40", "12:03:44.123" (no socket address has a two-digit host alone). */
    private static final java.util.regex.Pattern CLOCK = java.util.regex.Pattern.compile("(?<![\\w.:])\\d{1,2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?(?![\\w.:])");
    private static final java.util.regex.Pattern OWNER_ALONE = java.util.regex.Pattern.compile("(?i)\\[[^\\[\\]]{1,80}\\.exe\\]");
    /** A folder's name alone, as a tree of files starts: "myproject/", "src/main/". */
    private static final java.util.regex.Pattern FOLDER = java.util.regex.Pattern.compile("[\\w.~-]+(?:/[\\w.-]+)*/");
    /** Before the text: symbols (emoji and their variation selectors) or a list bullet ("- ", "* ", "+ ", "1. ", "2) "). */
    private static final java.util.regex.Pattern LEAD =
            java.util.regex.Pattern.compile("^(?:[\\p{So}\\p{Sk}\\uFE0F\\u200D]+\\s*|[-*+•]\\s+|\\d{1,3}[.)]\\s+)+");
    /**
     * A product's name (up to three words) and version alone: "OPNsense 19.7.6-amd64", "FreeBSD 11.2-RELEASE-p14-HBSD",
     * "MacOS Sonoma 14.2.1" under an issue's text.
     */
    private static final java.util.regex.Pattern VERSION = java.util.regex.Pattern.compile(
            "\\p{L}[\\w-]*(?: \\p{L}[\\w-]*){0,2} v?\\d+(?:\\.\\d+)+\\S*");
    /** A Markdown link: "[capture de trames](capture.pcapng)": its text. */
    private static final java.util.regex.Pattern MARKDOWN_LINK = java.util.regex.Pattern.compile("!?\\[([^\\]]*)\\]\\([^)\\s]*\\)");
    /**
     * A Markdown reference link's definition, written under the text that cites it: {@code [1]: https://…},
     * {@code [docs]: /guide/ports.html "Ports"} (a label in brackets, a colon, a URL or path; no row has a URL).
     */
    private static final java.util.regex.Pattern LINK_DEFINITION = java.util.regex.Pattern.compile(
            "\\[[^\\]]+\\]:\\s+(?:<?(?:https?|ftp)://|/|\\./|#)\\S*(?:\\s+[\"'(].*)?");
    /**
     * A date and time alone, in ISO 8601's form, perhaps in Markdown's emphasis: a chat or session export's stamp of each
     * message ({@code *2026-05-06T14:30:48.353Z*}), a log's heading ({@code 2024-01-27 09:15:02}).
     */
    private static final java.util.regex.Pattern TIMESTAMP = java.util.regex.Pattern.compile(
            "([*_]{0,2})\\d{4}-\\d\\d-\\d\\d[T ]\\d\\d:\\d\\d(?::\\d\\d(?:[.,]\\d+)?)?(?:Z|[+-]\\d\\d:?\\d\\d)?\\1");
    /** A time of day with its seconds, perhaps their fraction: "21:57:26", "09:15:02.417". */
    private static final java.util.regex.Pattern TIME_OF_DAY = java.util.regex.Pattern.compile("\\d{1,2}:\\d\\d:\\d\\d(?:[.,]\\d{1,6})?");
    /**
     * A hexadecimal identifier alone, of the lengths programs print: a Docker container's short (12) or full (64) ID, an MD5
     * (32), SHA-1 (40) or SHA-256 (64) hash. Not 16, an AIX or Solaris socket's kernel address, which starts their rows.
     */
    private static final java.util.regex.Pattern HEX_ID = java.util.regex.Pattern.compile(
            "(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\\d)(?:[0-9a-f]{12}|[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64})");
    /** A Markdown rule or an underline: "---", "***", "===". */
    private static final java.util.regex.Pattern RULE = java.util.regex.Pattern.compile("([-=*_~])\\1{2,}");
    private static final java.util.regex.Pattern LIST_MARKER = java.util.regex.Pattern.compile("(?:\\d{1,3}|[a-zA-Z])[.)-]|[-*•]");
    /** A heading between runs of the same rule character: "===== 2. Listening sockets =====", "--- dump of netstat ---". */
    private static final java.util.regex.Pattern RULED_HEADING = java.util.regex.Pattern.compile("([-=*#~])\\1{2,}\\s+\\S.*\\s\\1{3,}");
    private static final java.util.regex.Pattern FILE_NAME = java.util.regex.Pattern.compile(
            "(?i)[\\w.-]+\\.(?:ps1|psm1|sh|bash|py|bat|cmd|txt|log|md|json|ya?ml|csv|xml|conf|cfg|ini)");
    private static final java.util.regex.Pattern PS_STATEMENT = java.util.regex.Pattern.compile("`?\\$[\\w:]+(?:\\.\\w+)*\\s*[+-]?=\\s*\\S.*");
    /** A console message in syslog's form: "Nov 24 07:40:41 testzone.local login: ROOT LOGIN /dev/console". */
    private static final java.util.regex.Pattern SYSLOG = java.util.regex.Pattern.compile(
            "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \\d]?\\d \\d\\d:\\d\\d:\\d\\d \\S+ [^\\s:]+(?:\\[\\d+\\])?: .*");
    /**
     * A kernel message a console printed between commands (a serial console, adb shell, a router's shell), or dmesg's
     * line: the seconds since boot in brackets, "[   42.270667] type=1404 audit(…): enforcing=0".
     */
    private static final java.util.regex.Pattern KERNEL_MESSAGE = java.util.regex.Pattern.compile("\\[\\s*\\d+\\.\\d{3,9}\\]\\s");
    /**
     * A shell's job-control message, the job's number, its mark and its state, then its command: "[1]+  Stopped   watch -n 3
     * netstat -at", "[2]-  Done   ss -tan > out.txt", "[1]   Exit 1   lsof -i :80" (the command in it is no prompt's).
     */
    private static final java.util.regex.Pattern JOB_STATUS = java.util.regex.Pattern.compile(
            "\\[\\d{1,4}\\][+-]?\\s+(?:Stopped|Running|Done|Terminated|Killed|Exit \\d+|Suspended)(?:\\s|\\(|$)");
    /** Solaris's login banner: "Sun Microsystems Inc.   SunOS 5.11      snv_111b        November 2008", "Oracle Corporation  SunOS 5.11  11.4  Aug 2018". */
    private static final java.util.regex.Pattern SUNOS_BANNER = java.util.regex.Pattern.compile("^(?:Sun Microsystems Inc\\.|Oracle Corporation)\\s+SunOS \\d+\\.\\d+\\s");
    /** uname -a: "Linux web01 5.15.0-56-generic #62-Ubuntu SMP …", "Darwin mac.local 18.7.0 Darwin Kernel Version …". */
    private static final java.util.regex.Pattern UNAME = java.util.regex.Pattern.compile(
            "(?:Linux|Darwin|FreeBSD|OpenBSD|NetBSD|DragonFly|SunOS|AIX|HP-UX|MINGW\\S*|CYGWIN\\S*) \\S+ \\d+\\.\\d+\\S* .*");
}
