using System.Globalization;
using System.Text;
using CsCheck;

namespace Dara.Cloud.Persistence.Cosmos.Tests;

/// <summary>Document ids and partition keys: pure functions, no server needed.</summary>
public sealed class CosmosDocumentIdTests
{
    // Pieces that stress the escaping: separators, escape characters, characters Cosmos forbids, non-ASCII.
    private static readonly Gen<string> s_awkwardText = Gen.OneOf<string>("a", "Z", "0", "-", "_", "__", "~", "~2F", "%", "%2F", "/", "\\", "?", "#", " ", "ä", "模", "🦙")
        .Array[1, 8]
        .Select(string.Concat);

    // Orleans refuses grain types and keys that are only white space.
    private static readonly Gen<string> s_awkwardName = s_awkwardText.Select(text => $"n{text}");

    [Fact]
    public void The_id_names_state_grain_type_and_key_in_that_order()
    {
        var id = CosmosDocumentId.For("profile", GrainId.Create("model", "acme/meta-llama/Llama-3-8B"));

        Assert.Equal("profile__model__acme~2Fmeta-llama~2FLlama-3-8B", id);
    }

    [Fact]
    public void No_id_holds_a_character_cosmos_forbids()
    {
        Gen.Select(s_awkwardText, s_awkwardName, s_awkwardName).Sample((stateName, grainType, key) =>
        {
            var id = CosmosDocumentId.For(stateName, GrainId.Create(grainType, key));
            Assert.Equal(-1, id.IndexOfAny(['/', '\\', '?', '#']));
        });
    }

    [Fact]
    public void An_id_gives_back_exactly_the_state_name_grain_type_and_key_it_was_made_from()
    {
        // Decoding proves the mapping is one-to-one: two grain states never share a document.
        Gen.Select(s_awkwardText, s_awkwardName, s_awkwardName).Sample((stateName, grainType, key) =>
        {
            var grain = GrainId.Create(grainType, key);

            var (decodedState, decodedType, decodedKey) = Decode(CosmosDocumentId.For(stateName, grain));

            Assert.Equal(stateName, decodedState);
            Assert.Equal(grain.Type.ToString(), decodedType);
            Assert.Equal(grain.Key.ToString(), decodedKey);
        });
    }

    [Fact]
    public void A_key_too_long_for_a_cosmos_id_is_refused_with_a_clear_message()
    {
        var grain = GrainId.Create("model", $"acme/owner/{new string('x', 1100)}");

        var exception = Assert.Throws<ArgumentException>(() => CosmosDocumentId.For("profile", grain));

        Assert.Contains("longer than 1023 bytes", exception.Message);
    }

    [Theory]
    [InlineData("acme", "acme")]
    [InlineData("acme/meta-llama/Llama-3-8B", "acme")]
    [InlineData("ténant-🦙/owner/name", "ténant-🦙")]
    public void The_default_partition_key_is_the_tenant_the_key_starts_with(string key, string tenant) =>
        Assert.Equal(tenant, CosmosPartitionKeys.TenantOfKey("profile", GrainId.Create("model", key)));

    [Fact]
    public void A_grain_keyed_by_an_integer_is_its_own_partition()
    {
        var grain = GrainId.Create(GrainType.Create("model"), GrainIdKeyExtensions.CreateIntegerKey(42));

        Assert.Equal(grain.Key.ToString(), CosmosPartitionKeys.TenantOfKey("profile", grain));
    }

    private static (string StateName, string GrainType, string Key) Decode(string id)
    {
        var first = id.IndexOf("__", StringComparison.Ordinal);
        var second = id.IndexOf("__", first + 2, StringComparison.Ordinal);
        return (Unescape(id[..first]), Unescape(id[(first + 2)..second]), Unescape(id[(second + 2)..]));
    }

    private static string Unescape(string part)
    {
        var text = new StringBuilder(part.Length);
        for (var i = 0; i < part.Length; i++)
        {
            if (part[i] == '~')
            {
                text.Append((char)int.Parse(part.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 2;
            }
            else
            {
                text.Append(part[i]);
            }
        }

        return text.ToString();
    }
}
