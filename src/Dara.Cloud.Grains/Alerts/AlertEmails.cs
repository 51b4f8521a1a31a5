using System.Globalization;
using System.Net;
using System.Text;
using MimeKit;

namespace Dara.Cloud.Grains.Alerts;

/// <summary>
/// The e-mails alerts go out as: one per member per gathering of alerts, naming each model with its verdict, findings
/// and suggested name, in plain text and HTML. Model names are the uploaders' text: the HTML encodes them.
/// </summary>
internal static class AlertEmails
{
    public static AlertMessage Digest(string tenant, EmailAlertSubscription subscription, IReadOnlyList<ModelAlert> alerts, EmailAlertOptions server)
    {
        // A model flagged twice while alerts gathered is named once, as it is now; misnamed ones first.
        var models = alerts
            .GroupBy(alert => alert.Model.RepoId, StringComparer.OrdinalIgnoreCase)
            .Select(group => group.Last().Model)
            .OrderByDescending(model => VerdictSeverity.Of(model.Verdict))
            .ToList();
        var links = new PortalLinks(server.PortalUrl, tenant);
        var subject = models.Count == 1
            ? $"{models[0].RepoId} looks {models[0].Verdict} ({tenant})"
            : $"{models.Count} models in {tenant} look {(models.Any(m => m.Verdict != "misnamed") ? "misnamed or suspicious" : "misnamed")}";
        var listed = models.Take(server.MaxModelsListed).ToList();
        var more = models.Count - listed.Count;

        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Dara.Cloud found model names in {tenant} that do not say what the model is.\n\n");
        var html = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"<p>Dara.Cloud found model names in <b>{Encode(tenant)}</b> that do not say what the model is.</p>\n<ul>\n");
        foreach (var model in listed)
        {
            var findings = model.FindingCodes.Count > 0 ? string.Join(", ", model.FindingCodes) : "none";
            text.Append(CultureInfo.InvariantCulture, $"{model.RepoId}: {model.Verdict} (score {model.Score})\n")
                .Append(CultureInfo.InvariantCulture, $"  findings: {findings}\n")
                .Append(CultureInfo.InvariantCulture, $"  suggested name: {model.SuggestedName}\n");
            html.Append(CultureInfo.InvariantCulture, $"<li><b>{LinkOrText(links.Model(model), model.RepoId)}</b>: {Encode(model.Verdict)} (score {model.Score})<br>")
                .Append(CultureInfo.InvariantCulture, $"findings: {Encode(findings)}<br>suggested name: <code>{Encode(model.SuggestedName)}</code></li>\n");
            if (links.Model(model) is { } link)
            {
                text.Append(CultureInfo.InvariantCulture, $"  {link}\n");
            }

            text.Append('\n');
        }

        html.Append("</ul>\n");
        if (more > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"and {more} more{(links.Flagged is { } flagged ? ": " + flagged : ".")}\n\n");
            html.Append(CultureInfo.InvariantCulture, $"<p>and {LinkOrText(links.Flagged, $"{more} more")}.</p>\n");
        }

        var why = $"You get this because you asked for alerts of {tenant} by e-mail ({Threshold(subscription)}).";
        text.Append(why).Append(links.Settings is { } settings ? $" To stop them, go to {settings}\n" : " Stop them on the organization's settings page.\n");
        html.Append(CultureInfo.InvariantCulture, $"<p style=\"color:#555\">{Encode(why)} {LinkOrText(links.Settings, "Stop them on the organization's settings page")}.</p>\n");
        return Message(subscription.Address, subject, models.Count, text.ToString(), html.ToString(), links, server);
    }

    public static AlertMessage Test(string tenant, string address, EmailAlertOptions server)
    {
        var links = new PortalLinks(server.PortalUrl, tenant);
        var text = $"This is a test of the alerts of {tenant}: e-mails like it reach you when a model's name looks wrong.\n";
        var html = $"<p>This is a test of the alerts of <b>{Encode(tenant)}</b>: e-mails like it reach you when a model's name looks wrong.</p>\n";
        return Message(address, $"Test of the Dara.Cloud alerts of {tenant}", 0, text, html, links, server);
    }

    private static AlertMessage Message(string address, string subject, int models, string text, string html, PortalLinks links, EmailAlertOptions server)
    {
        var id = Guid.NewGuid().ToString("N");
        var message = new MimeMessage { Subject = subject };
        message.From.Add(MailboxAddress.Parse(server.From ?? throw new InvalidOperationException("No sender is set (Dara:Alerts:Email:From).")));
        message.To.Add(MailboxAddress.Parse(address));
        message.Headers.Add(AlertSender.DeliveryHeader, id);
        message.Headers.Add(AlertSender.EventHeader, models == 0 ? AlertPayloads.Ping : AlertPayloads.ModelFlagged);
        if (links.Settings is { } settings)
        {
            message.Headers.Add(HeaderId.ListUnsubscribe, $"<{settings}>");
        }

        message.Body = new BodyBuilder { TextBody = text, HtmlBody = html }.ToMessageBody();
        return new AlertMessage(id, address, models, message);
    }

    private static string Threshold(EmailAlertSubscription subscription) =>
        subscription.MinimumVerdict == "suspicious" ? "suspicious or misnamed" : "misnamed";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string LinkOrText(string? link, string text) =>
        link is null ? Encode(text) : $"<a href=\"{Encode(link)}\">{Encode(text)}</a>";

    /// <summary>The portal's pages an e-mail links to; all null when the deployment did not say where the portal is.</summary>
    private sealed class PortalLinks(Uri? portal, string tenant)
    {
        private readonly string? _org = portal is null ? null : $"{portal.AbsoluteUri.TrimEnd('/')}/orgs/{Uri.EscapeDataString(tenant)}";

        public string? Settings => _org is null ? null : $"{_org}/settings";

        public string? Flagged => _org is null ? null : $"{_org}/models?verdict=flagged";

        public string? Model(ModelSummary model) =>
            _org is null ? null : $"{_org}/models/{Uri.EscapeDataString(model.Owner)}/{Uri.EscapeDataString(model.Name)}";
    }
}
