package dev.portolan.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

/** portolan completion bash|zsh: a completion script generated from the command model (picocli AutoComplete). */
@Command(name = "completion", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Prints a shell completion script for portolan's commands and options.",
                "bash:  source <(portolan completion bash)   (or save it under /etc/bash_completion.d/portolan)",
                "zsh:   source <(portolan completion zsh)    (uses zsh's bashcompinit)"})
public final class CompletionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
    String shell;

    @Override
    public Integer call() {
        String s = shell.trim().toLowerCase(Locale.ROOT);
        if (!s.equals("bash") && !s.equals("zsh")) {
            throw new ParameterException(spec.commandLine(), "unsupported shell '" + shell + "' (expected bash or zsh)");
        }
        PrintWriter out = spec.commandLine().getOut();
        // one script serves both: picocli's script loads bashcompinit itself when it runs under zsh
        out.print(AutoComplete.bash("portolan", spec.root().commandLine()));
        out.flush();
        return ExitCode.OK.code();
    }
}
