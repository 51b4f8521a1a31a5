using Dara.Cloud.Cli.Commands;
using Dara.Cloud.Cli.Output;
using Spectre.Console.Cli;

namespace Dara.Cloud.Cli;

/// <summary>The <c>dara</c> command line: one place that lists every command.</summary>
public static class DaraApp
{
    /// <summary>The commands and the settings they take, by the words that name them.</summary>
    internal static IReadOnlyDictionary<string, Type> SettingsByCommand { get; } = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        ["inspect"] = typeof(InspectCommand.Settings),
        ["check"] = typeof(CheckCommand.Settings),
        ["scan"] = typeof(ScanCommand.Settings),
        ["elements"] = typeof(ElementsCommand.Settings),
        ["predict"] = typeof(PredictCommand.Settings),
        ["train"] = typeof(TrainCommand.Settings),
        ["eval elements"] = typeof(EvalElementsCommand.Settings),
        ["eval uninformative"] = typeof(EvalUninformativeCommand.Settings),
        ["eval classifier"] = typeof(EvalClassifierCommand.Settings),
    };

    private static readonly OptionValueCheck s_optionValues = new(SettingsByCommand);

    /// <summary>Runs the command line on the process's terminal; Ctrl+C cancels the command (exit 130), a second one ends the process.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        void Cancel(object? sender, ConsoleCancelEventArgs e)
        {
            // The first Ctrl+C lets the command stop cleanly (a progress bar gives the cursor back); a second one is obeyed at once.
            e.Cancel = !cancellation.IsCancellationRequested;
            cancellation.Cancel();
        }

        Console.CancelKeyPress += Cancel;
        try
        {
            return await RunAsync(args, CliStreams.System, cancellation.Token);
        }
        finally
        {
            Console.CancelKeyPress -= Cancel;
        }
    }

    /// <summary>Runs the command line writing to the given streams (tests pass a captured console and writers).</summary>
    public static Task<int> RunAsync(string[] args, CliStreams streams, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(streams);
        // Checked before Spectre.Console.Cli parses: it fills a missing value with a placeholder word and reports a
        // mistyped one by .NET type name (see OptionValueCheck).
        if (s_optionValues.Problem(args) is { } problem)
        {
            new PrintableErrorWriter(streams.Error).WriteLine($"dara: {problem}");
            return Task.FromResult(ExitCodes.BadInput);
        }

        var app = new CommandApp();
        app.Configure(config => Configure(config, streams));
        return app.RunAsync(args, cancellationToken);
    }

    public static void Configure(IConfigurator config, CliStreams streams)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(streams);

        // Every message on standard error may quote untrusted text; its control characters are shown, not obeyed.
        streams = streams with { Error = new PrintableErrorWriter(streams.Error) };
        config.SetApplicationName("dara");
        config.ConfigureConsole(streams.Console);

        // A mistyped option (--fromat json, --org acme) is refused; silently ignored, it gave a table and exit 0 to a
        // script that asked for JSON.
        config.UseStrictParsing();

        // Commands answer bad input themselves (exit 2); anything else is a bug, reported in one line, never a stack trace.
        config.SetExceptionHandler((exception, _) =>
        {
            if (exception is OperationCanceledException)
            {
                streams.Error.WriteLine("dara: cancelled");
                return ExitCodes.Cancelled;
            }

            var isUsage = exception is CommandParseException or CommandRuntimeException;
            streams.Error.WriteLine(isUsage
                ? $"dara: {exception.Message}"
                : $"dara: internal error ({exception.GetType().Name}): {exception.Message.TrimEnd('.')}. Run with DARA_DEBUG=1 for details.");
            if (Environment.GetEnvironmentVariable("DARA_DEBUG") == "1")
            {
                streams.Error.WriteLine(exception.ToString());
            }

            return isUsage ? ExitCodes.BadInput : ExitCodes.InternalError;
        });
        config.Settings.Registrar.RegisterInstance(streams);

        config.AddCommand<InspectCommand>("inspect")
            .WithDescription("Read a model's artifacts into facts and an architecture fingerprint.")
            .WithExample("inspect", "./bert-base-uncased")
            .WithExample("inspect", "hf:google-bert/bert-base-uncased", "--format", "json");
        config.AddCommand<CheckCommand>("check")
            .WithDescription("Check that a model's name says truthfully what the model is.")
            .WithExample("check", "./my-model", "--name", "acme/roberta-base-sentiment")
            .WithExample("check", "hf:EleutherAI/pythia-410m", "--format", "json", "--fail-on", "warning");
        config.AddCommand<ScanCommand>("scan")
            .WithDescription("Check every model below a folder or in a Hugging Face cache.")
            .WithExample("scan", "~/.cache/huggingface/hub");
        config.AddCommand<ElementsCommand>("elements")
            .WithDescription("Split model names (owner/name) into naming elements.")
            .WithExample("elements", "google-bert/bert-base-uncased", "TheBloke/Llama-2-7B-Chat-GGUF")
            .WithExample("elements", "--input", "names.txt", "--format", "json");
        config.AddCommand<PredictCommand>("predict")
            .WithDescription("Predict model_type, architecture and task from layer traces (rows with repo_name and layers).")
            .WithExample("predict", "rows.jsonl")
            .WithExample("predict", "rows.jsonl", "--model", "out/classifier");
        config.AddCommand<TrainCommand>("train")
            .WithDescription("Train the DARA classifier; write the ONNX model, label maps and a metrics report.")
            .WithExample("train", "--out", "out/classifier", "--seed", "1");
        config.AddBranch("eval", eval =>
        {
            eval.SetDescription("Measure the engine against reference labels.");
            eval.AddCommand<EvalElementsCommand>("elements")
                .WithDescription("Compare parsed naming elements with labels (name → codes) and print precision, recall and F1.")
                .WithExample("eval", "elements", "naming_elements_results.json");
            eval.AddCommand<EvalUninformativeCommand>("uninformative")
                .WithDescription("Compare the uninformative-name finding on names alone with naming categories (name → category).")
                .WithExample("eval", "uninformative", "ground_truth_cls_data.json");
            eval.AddCommand<EvalClassifierCommand>("classifier")
                .WithDescription("Cross-validate the classifier on the PeaTMOSS rows: top-1, top-3, macro-F1 and confusions per label.")
                .WithExample("eval", "classifier")
                .WithExample("eval", "classifier", "--family", "all");
        });
    }
}
