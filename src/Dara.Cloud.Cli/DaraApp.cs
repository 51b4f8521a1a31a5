using Spectre.Console.Cli;

namespace Dara.Cloud.Cli;

/// <summary>The <c>dara</c> command line: one place that lists every command.</summary>
public static class DaraApp
{
    public static Task<int> RunAsync(string[] args)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("dara");
        });
        return app.RunAsync(args);
    }
}
