namespace Dara.Cloud.Registry.Webhooks;

/// <summary>A webhook delivery that is not a Hub webhook payload; the message says what is wrong, in one line.</summary>
public sealed class WebhookPayloadException : FormatException
{
    public WebhookPayloadException(string message)
        : base(message)
    {
    }

    public WebhookPayloadException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
