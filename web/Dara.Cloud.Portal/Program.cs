return DaraHostRunner.Run("dara portal", () =>
{
    var builder = WebApplication.CreateBuilder(args);

    builder.AddDaraSiloOrClient();
    builder.AddDaraPortal();

    var app = builder.Build();
    app.MapDaraPortal();
    return app;
});

/// <summary>The entry point, public so tests can host the app with <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
