package io.hakeeper.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code hakeeper help [COMMAND...]}: the usage of a command, e.g. {@code hakeeper help quorum init}. picocli's own
 * help command printed the top-level help and exited 0 for an option it does not know; this one refuses it (exit 2)
 * like every other command, and an unknown command name too.
 */
@Command(name = "help", helpCommand = true, description = "Display help information about the specified command.")
final class HelpCommand implements CommandLine.IHelpCommandInitializable2, Runnable {
    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command, e.g. quorum init.")
    String[] names = {};

    private CommandLine self;
    private CommandLine.Help.ColorScheme colors;
    private PrintWriter out;

    @Override
    public void init(CommandLine helpCommandLine, CommandLine.Help.ColorScheme colorScheme, PrintWriter outWriter,
            PrintWriter errWriter) {
        this.self = helpCommandLine;
        this.colors = colorScheme;
        this.out = outWriter;
    }

    @Override
    public void run() {
        if (!self.getUnmatchedArguments().isEmpty()) { // picocli lets a help command through with them
            throw new CommandLine.ParameterException(self, "Unknown option: '" + self.getUnmatchedArguments().get(0) + "'");
        }
        CommandLine target = self.getParent();
        for (String name : names) {
            CommandLine sub = target.getSubcommands().get(name);
            if (sub == null) {
                throw new CommandLine.ParameterException(self, "Unknown command '" + name + "': `"
                        + target.getCommandSpec().qualifiedName() + " --help` lists the commands");
            }
            target = sub;
        }
        target.usage(out, colors);
    }
}
