using Dara.Cloud.Cli;

return await DaraApp.RunAsync(args);
