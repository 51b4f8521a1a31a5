using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Artifacts.Hub;

namespace Dara.Cloud.Analysis.Tests.Artifacts.Hub;

public sealed class HubRepoIdTests
{
    [Theory]
    [InlineData("gpt2")]
    [InlineData("bert-base-uncased")]
    [InlineData("julien-c/EsperBERTo-small")]
    [InlineData("TheBloke/Llama-2-7B-GGUF")]
    [InlineData("org_1/model.v1.5_final")]
    [InlineData("a/b")]
    public void Valid_repo_ids_are_accepted(string repoId)
    {
        Assert.True(HubRepoId.IsValid(repoId));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b/c")]
    [InlineData("org/-name")]
    [InlineData("org/name-")]
    [InlineData(".org/name")]
    [InlineData("org/name.")]
    [InlineData("org/na--me")]
    [InlineData("org/na..me")]
    [InlineData("org/name.git")]
    [InlineData("org/ná me")]
    [InlineData("org/naïve")]
    [InlineData("org/name with space")]
    [InlineData("../etc/passwd")]
    public void Invalid_repo_ids_are_refused(string repoId)
    {
        Assert.False(HubRepoId.IsValid(repoId));
    }

    [Fact]
    public void A_name_may_have_at_most_96_characters()
    {
        Assert.True(HubRepoId.IsValid("org/" + new string('a', 96)));
        Assert.False(HubRepoId.IsValid("org/" + new string('a', 97)));
    }

    [Theory]
    [InlineData("hf:org/name", "org/name", null)]
    [InlineData("hf:gpt2", "gpt2", null)]
    [InlineData("hf:org/name@v1.0", "org/name", "v1.0")]
    [InlineData("hf:org/name@refs/pr/1", "org/name", "refs/pr/1")]
    public void References_give_the_repo_id_and_revision(string reference, string repoId, string? revision)
    {
        Assert.Equal((repoId, revision), HubRepoId.ParseReference(reference));
    }

    [Theory]
    [InlineData("hf:org/na--me")]
    [InlineData("hf:org/name@")]
    [InlineData("hf:org/name@../../x")]
    [InlineData("org/name")]
    public void Bad_references_are_refused_naming_the_argument(string reference)
    {
        var error = Assert.Throws<ArtifactException>(() => HubRepoId.ParseReference(reference));

        Assert.Equal(reference, error.File);
    }
}
