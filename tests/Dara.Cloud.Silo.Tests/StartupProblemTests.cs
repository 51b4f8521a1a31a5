using System.Net;
using System.Net.Sockets;
using Dara.Cloud.Silo.Hosting;
using Microsoft.Extensions.Hosting;

namespace Dara.Cloud.Silo.Tests;

/// <summary>A host that cannot start for a reason its operator can fix says so in one line, with exit code 1.</summary>
public sealed class StartupProblemTests : IAsyncLifetime
{
    private readonly SiloDataFolder _dataFolder = new("startup");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        _dataFolder.Dispose();

        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_second_embedded_silo_on_the_same_data_folder_stops_at_start_and_the_folder_is_free_again_once_the_first_stops()
    {
        using (var first = await DaraHosts.StartSiloAsync(DaraHosts.Localhost(_dataFolder.Path)))
        {
            var error = await Assert.ThrowsAsync<DataFolderInUseException>(() => DaraHosts.StartSiloAsync(DaraHosts.Localhost(_dataFolder.Path)));

            Assert.Equal(Path.GetFullPath(_dataFolder.Path), error.Folder);
            Assert.Equal(
                $"the data folder {Path.GetFullPath(_dataFolder.Path)} is in use by another Dara.Cloud silo on this machine. Give this one its own folder with --Dara:DataDirectory, or stop the other.",
                StartupProblem.Describe(error));
            await first.StopAsync();
        }

        using var next = await DaraHosts.StartSiloAsync(DaraHosts.Localhost(_dataFolder.Path));
        await next.StopAsync();
    }

    [Fact]
    public void A_setting_out_of_range_ends_the_run_with_one_line_and_exit_code_1()
    {
        var settings = DaraHosts.Localhost(_dataFolder.Path);
        settings["Dara:Clustering:SiloPort"] = "0";
        var error = new StringWriter();

        var exit = DaraHostRunner.Run("dara silo", () => BuildSilo(settings), error);

        Assert.Equal(1, exit);
        Assert.Equal($"dara silo: Dara:Clustering:SiloPort (0) and GatewayPort ({settings["Dara:Clustering:GatewayPort"]}) must be two different ports from 1 to 65535.{Environment.NewLine}", error.ToString());
    }

    [Fact]
    public void A_setting_of_the_wrong_type_names_the_setting_and_its_value()
    {
        var settings = DaraHosts.Localhost(_dataFolder.Path);
        settings["Dara:Clustering:Mode"] = "Bogus";
        var error = new StringWriter();

        var exit = DaraHostRunner.Run("dara silo", () => BuildSilo(settings), error);

        Assert.Equal(1, exit);
        Assert.StartsWith("dara silo: Failed to convert configuration value 'Bogus' at 'Dara:Clustering:Mode'", error.ToString(), StringComparison.Ordinal);
        Assert.Single(error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void A_silo_port_another_process_holds_is_named_with_the_settings_that_move_it()
    {
        using var holder = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        holder.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        holder.Listen();
        var settings = DaraHosts.Localhost(_dataFolder.Path);
        settings["Dara:Clustering:SiloPort"] = ((IPEndPoint)holder.LocalEndPoint!).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var error = new StringWriter();

        var exit = DaraHostRunner.Run("dara silo", () => BuildSilo(settings), error);

        Assert.Equal(1, exit);
        Assert.Equal(
            $"dara silo: a port the silo listens on is already in use (silo port {settings["Dara:Clustering:SiloPort"]}, gateway port {settings["Dara:Clustering:GatewayPort"]}). " +
            $"Is another portal or silo running? Choose others with --Dara:Clustering:SiloPort and --Dara:Clustering:GatewayPort.{Environment.NewLine}",
            error.ToString());
    }

    [Fact]
    public void A_fault_that_is_not_the_operators_to_fix_keeps_its_exception() =>
        Assert.Null(StartupProblem.Describe(new NullReferenceException()));

    private static IHost BuildSilo(IDictionary<string, string?> settings)
    {
        var builder = DaraHosts.Builder(settings);
        builder.AddDaraSilo();
        return builder.Build();
    }
}
