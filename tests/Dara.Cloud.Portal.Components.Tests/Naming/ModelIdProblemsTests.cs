using CsCheck;
using Dara.Cloud.Portal.Components.Naming;

namespace Dara.Cloud.Portal.Components.Tests.Naming;

public sealed class ModelIdProblemsTests
{
    [Theory]
    [InlineData("acme/bert-base-uncased")]
    [InlineData("KoboldAI/OPT-6.7B-Erebus")]
    [InlineData("a/b")]
    [InlineData("acme/name_")]
    public void A_valid_id_has_no_problem(string id) => Assert.Null(ModelIdProblems.Of(id));

    [Theory]
    [InlineData(null, "Give the model's id as owner/name.")]
    [InlineData("  ", "Give the model's id as owner/name.")]
    [InlineData("bert-base", "'bert-base' has no owner: give it as owner/name.")]
    [InlineData("a/b/c", "'a/b/c' has more than one '/': give it as owner/name.")]
    [InlineData("/bert", "The owner is empty: give the id as owner/name.")]
    [InlineData("acme/", "The name is empty: give the id as owner/name.")]
    [InlineData("Avent-IQ/t5--medical--chatbot", "The name 't5--medical--chatbot' has '--', which the Hub does not allow in ids.")]
    [InlineData("acme/v1..2", "The name 'v1..2' has '..', which the Hub does not allow in ids.")]
    [InlineData("acme/bert base", "The name 'bert base' has a space: use letters, digits, '-', '_' and '.' only.")]
    [InlineData("ac+me/bert", "The owner 'ac+me' has '+': use letters, digits, '-', '_' and '.' only.")]
    [InlineData("acme/-bert", "The name '-bert' must start with a letter or digit.")]
    [InlineData("acme/bert.", "The name 'bert.' must not end with '.'.")]
    [InlineData("acme/bert-", "The name 'bert-' must not end with '-'.")]
    public void A_refused_id_is_told_what_is_wrong_with_it(string? id, string problem) => Assert.Equal(problem, ModelIdProblems.Of(id));

    [Fact]
    public void A_part_longer_than_the_Hub_takes_says_how_long_it_is()
    {
        var problem = ModelIdProblems.Of("acme/" + new string('x', 97));

        Assert.Equal("The name is 97 characters long; the Hub takes at most 96.", problem);
    }

    [Fact]
    public void Every_id_the_model_key_refuses_gets_a_problem_and_every_one_it_takes_none()
    {
        // The explanation never contradicts ModelKey, which decides: ids built from the characters that matter.
        string[] pieces = ["a", "Z", "0", "-", "_", ".", "/", " ", "--", "..", "é"];
        Gen.Int[0, pieces.Length - 1].Select(i => pieces[i]).Array[1, 8].Select(string.Concat).Sample(id =>
        {
            var valid = ModelKey.TryParse(new TenantId("t"), id, out _);
            Assert.True(valid == (ModelIdProblems.Of(id) is null), $"'{id}': ModelKey says {(valid ? "valid" : "invalid")}, the explanation {ModelIdProblems.Of(id) ?? "nothing"}");
        }, iter: 5000);
    }

    [Theory]
    [InlineData("bert-base-uncased", null)]
    [InlineData("t5--chat", "The name 't5--chat' has '--', which the Hub does not allow in ids.")]
    public void A_name_without_its_owner_is_judged_as_the_name_part(string name, string? problem) => Assert.Equal(problem, ModelIdProblems.OfName(name));
}
