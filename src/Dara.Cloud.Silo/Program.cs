// A headless Dara silo: grains, storage and clustering from the "Dara" configuration section
// (appsettings.json, Dara__* environment variables, command line). Portals join it as clients.
using Microsoft.Extensions.Hosting;

return DaraHostRunner.Run("dara silo", () =>
{
    var builder = Host.CreateApplicationBuilder(args);
    builder.AddDaraSilo();
    return builder.Build();
});
