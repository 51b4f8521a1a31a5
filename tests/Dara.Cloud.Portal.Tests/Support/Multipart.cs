using System.Net.Http.Headers;
using System.Text;

namespace Dara.Cloud.Portal.Tests.Support;

/// <summary>Builds the multipart bodies the API takes: a <c>name</c> field and files in <c>files</c>.</summary>
internal static class Multipart
{
    public static MultipartFormDataContent Upload(string? name, params (string Path, HttpContent Content)[] files)
    {
        var form = new MultipartFormDataContent();
        if (name is not null)
        {
            form.Add(new StringContent(name, Encoding.UTF8), "name");
        }

        foreach (var (path, content) in files)
        {
            content.Headers.ContentType ??= new MediaTypeHeaderValue("application/octet-stream");
            form.Add(content, "files", path);
        }

        return form;
    }

    public static MultipartFormDataContent Upload(string? name, params (string Path, byte[] Bytes)[] files) =>
        Upload(name, files.Select(f => (f.Path, (HttpContent)new ByteArrayContent(f.Bytes))).ToArray());

    public static MultipartFormDataContent Upload(string? name, params (string Path, string Text)[] files) =>
        Upload(name, files.Select(f => (f.Path, Encoding.UTF8.GetBytes(f.Text))).ToArray());

    /// <summary>Every file of a folder, under its path relative to the folder.</summary>
    public static MultipartFormDataContent Folder(string name, string folder) =>
        Upload(name, Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(f => (Path.GetRelativePath(folder, f).Replace('\\', '/'), File.ReadAllBytes(f)))
            .ToArray());

    /// <summary>A file part whose head alone is sent, with the full length in X-File-Length.</summary>
    public static HttpContent Head(byte[] head, long fullLength)
    {
        var content = new ByteArrayContent(head);
        content.Headers.Add("X-File-Length", fullLength.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return content;
    }
}
