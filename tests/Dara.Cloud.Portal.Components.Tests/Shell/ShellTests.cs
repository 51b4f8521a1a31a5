using System.Collections.Concurrent;
using Dara.Cloud.Portal.Components.Shell;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MudBlazor;
using MudBlazor.Extensions;

namespace Dara.Cloud.Portal.Components.Tests.Shell;

public sealed class ShellTests : ComponentTest
{
    private readonly ConcurrentQueue<(LogLevel Level, string Message, Exception? Exception)> _logs = new();

    public ShellTests() => Context.Services.AddSingleton<ILoggerFactory>(new LoggerFactory([new ListLoggerProvider(_logs)]));

    [Fact]
    public void A_failing_component_is_replaced_by_a_friendly_message_and_the_exception_is_logged()
    {
        var boundary = Context.Render<FriendlyErrorBoundary>(p => p.AddChildContent<Exploding>(c => c.Add(e => e.Fail, () => true)));

        var alert = boundary.Find(".dara-error-boundary");
        Assert.Equal("alert", alert.GetAttribute("role"));
        Assert.Contains("Something went wrong", alert.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("the dashboard exploded", boundary.Markup, StringComparison.Ordinal);
        var logged = Assert.Single(_logs, l => l.Level == LogLevel.Error);
        Assert.Equal("the dashboard exploded", logged.Exception?.Message);
        Assert.Contains(boundary.Instance.Reference!, logged.Message, StringComparison.Ordinal);
        Assert.Contains($"Reference {boundary.Instance.Reference}", alert.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Trying_again_renders_the_content_again()
    {
        var fail = true;
        var boundary = Context.Render<FriendlyErrorBoundary>(p => p.AddChildContent<Exploding>(c => c.Add(e => e.Fail, () => fail)));
        Assert.NotEmpty(boundary.FindAll(".dara-error-boundary"));

        fail = false;
        boundary.Find(".dara-error-boundary-retry").Click();

        Assert.Equal("all well", boundary.Find(".exploding").TextContent);
        Assert.Empty(boundary.FindAll(".dara-error-boundary"));
    }

    [Fact]
    public void The_dark_mode_toggle_switches_the_theme_and_tells_the_page()
    {
        var chosen = new List<bool>();
        var shell = Context.Render<DaraThemeProvider>(p => p
            .Add(c => c.IsDarkMode, false)
            .Add(c => c.IsDarkModeChanged, dark => chosen.Add(dark))
            .AddChildContent<DarkModeToggle>());
        var toggle = shell.Find(".dara-dark-mode-toggle");
        Assert.Equal("Switch to dark mode", toggle.GetAttribute("aria-label"));

        toggle.Click();

        Assert.Equal([true], chosen);
        Assert.True(shell.FindComponent<MudThemeProvider>().Instance.GetState(x => x.IsDarkMode));
        Assert.Equal("Switch to light mode", shell.Find(".dara-dark-mode-toggle").GetAttribute("aria-label"));
        Assert.Equal("true", shell.Find(".dara-dark-mode-toggle").GetAttribute("aria-pressed"));
    }

    [Fact]
    public void A_saved_dark_mode_choice_is_applied()
    {
        var shell = Context.Render<DaraThemeProvider>(p => p.Add(c => c.IsDarkMode, true).AddChildContent<DarkModeToggle>());

        Assert.True(shell.FindComponent<MudThemeProvider>().Instance.GetState(x => x.IsDarkMode));
        Assert.Equal("Switch to light mode", shell.Find(".dara-dark-mode-toggle").GetAttribute("aria-label"));
    }

    [Theory]
    [InlineData(SkeletonKind.Text, 3)]
    [InlineData(SkeletonKind.Table, 6)]
    [InlineData(SkeletonKind.List, 8)]
    [InlineData(SkeletonKind.Chart, 1)]
    public void Loading_skeletons_take_the_shape_of_their_content(SkeletonKind kind, int skeletons)
    {
        var skeleton = Context.Render<LoadingSkeleton>(p => p.Add(c => c.Kind, kind).Add(c => c.Rows, kind == SkeletonKind.Table ? 5 : 4).Add(c => c.Label, "Loading models"));

        Assert.Equal(kind == SkeletonKind.Text ? 4 : skeletons, skeleton.FindComponents<MudSkeleton>().Count);
        Assert.Equal("true", skeleton.Find(".dara-skeleton").GetAttribute("aria-busy"));
        Assert.Equal("Loading models", skeleton.Find(".dara-skeleton").GetAttribute("aria-label"));
    }

    /// <summary>Throws while rendering whenever <see cref="Fail"/> says so.</summary>
    private sealed class Exploding : ComponentBase
    {
        [Parameter]
        public Func<bool> Fail { get; set; } = () => false;

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            if (Fail())
            {
                throw new InvalidOperationException("the dashboard exploded");
            }

            builder.OpenElement(0, "span");
            builder.AddAttribute(1, "class", "exploding");
            builder.AddContent(2, "all well");
            builder.CloseElement();
        }
    }

    private sealed class ListLoggerProvider(ConcurrentQueue<(LogLevel, string, Exception?)> logs) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new ListLogger(logs);

        public void Dispose()
        {
        }

        private sealed class ListLogger(ConcurrentQueue<(LogLevel, string, Exception?)> logs) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                logs.Enqueue((logLevel, formatter(state, exception), exception));
        }
    }
}
