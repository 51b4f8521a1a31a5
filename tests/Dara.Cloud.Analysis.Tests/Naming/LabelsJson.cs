using System.Text;
using Dara.Cloud.Analysis.Naming;

namespace Dara.Cloud.Analysis.Tests.Naming;

/// <summary>Naming labels written in a test, read as a labels file is (name → codes).</summary>
internal static class LabelsJson
{
    public static IReadOnlyDictionary<string, IReadOnlySet<ElementCode>> Parse(string json) =>
        NamingLabels.Parse(new MemoryStream(Encoding.UTF8.GetBytes(json)), "labels.json");
}
