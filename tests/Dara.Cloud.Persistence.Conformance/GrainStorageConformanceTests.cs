using Orleans.Storage;
using Xunit;

namespace Dara.Cloud.Persistence.Conformance;

/// <summary>
/// What every Dara.Cloud grain storage must do, after the cases of Orleans' own storage provider tests
/// (GrainStorageTestRunner, CommonStorageTests): round trips, ETag concurrency, clear, independence of state names
/// and grains, parallel writers, awkward keys, large states, and state that outlives a silo.
/// Each provider's test project derives a class from this one with its own <see cref="GrainStorageFixture"/>.
/// </summary>
public abstract class GrainStorageConformanceTests(GrainStorageFixture fixture)
{
    private const string StateName = "profile";

    private static readonly GrainType s_grainType = GrainType.Create("conformance");

    private IGrainStorage Storage => fixture.Storage;

    [Fact]
    public async Task Written_state_reads_back_with_its_etag()
    {
        var grain = NewGrainId();
        var written = NewState("llama-3-8b", 1);

        await Storage.WriteStateAsync(StateName, grain, written);
        var read = await ReadAsync(grain);

        Assert.True(written.RecordExists);
        Assert.False(string.IsNullOrEmpty(written.ETag));
        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal(written.State, read.State);
    }

    [Fact]
    public async Task Every_write_gets_a_new_etag()
    {
        var grain = NewGrainId();
        var state = NewState("v", 0);
        var etags = new List<string?>();

        for (var version = 1; version <= 4; version++)
        {
            state.State = state.State! with { Version = version };
            await Storage.WriteStateAsync(StateName, grain, state);
            etags.Add(state.ETag);
        }

        Assert.All(etags, etag => Assert.False(string.IsNullOrEmpty(etag)));
        Assert.Equal(etags.Count, etags.Distinct().Count());
        Assert.Equal(4, (await ReadAsync(grain)).State!.Version);
    }

    [Fact]
    public async Task Write_with_a_stale_etag_is_rejected_and_leaves_the_stored_state()
    {
        var grain = NewGrainId();
        var first = NewState("first", 1);
        await Storage.WriteStateAsync(StateName, grain, first);
        var stale = new GrainState<ConformanceState> { State = first.State, ETag = first.ETag };
        first.State = first.State! with { Name = "second", Version = 2 };
        await Storage.WriteStateAsync(StateName, grain, first);

        stale.State = stale.State! with { Name = "lost update" };
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grain, stale));

        var read = await ReadAsync(grain);
        Assert.Equal("second", read.State!.Name);
        Assert.Equal(first.ETag, read.ETag);
    }

    [Fact]
    public async Task Write_with_an_etag_when_no_record_exists_is_rejected()
    {
        var grain = NewGrainId();
        var state = NewState("phantom", 1);
        state.ETag = "an-etag-this-storage-never-issued";

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grain, state));
        Assert.False((await ReadAsync(grain)).RecordExists);
    }

    [Fact]
    public async Task Creating_a_record_that_already_exists_is_rejected()
    {
        // A second activation that never read the state writes with a null ETag after the first one wrote.
        var grain = NewGrainId();
        await Storage.WriteStateAsync(StateName, grain, NewState("first activation", 1));

        var duplicate = NewState("second activation", 1);
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grain, duplicate));
        Assert.Equal("first activation", (await ReadAsync(grain)).State!.Name);
    }

    [Fact]
    public async Task Reading_a_grain_never_written_gives_no_record_and_a_fresh_state()
    {
        var read = new GrainState<ConformanceState> { State = new ConformanceState("left over", 9, "x"), ETag = "left over" };

        await Storage.ReadStateAsync(StateName, NewGrainId(), read);

        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.Equal(new ConformanceState(), read.State);
    }

    [Fact]
    public async Task Cleared_state_reads_back_as_no_record()
    {
        var grain = NewGrainId();
        var state = NewState("to be cleared", 1);
        await Storage.WriteStateAsync(StateName, grain, state);
        var writtenETag = state.ETag;

        await Storage.ClearStateAsync(StateName, grain, state);

        Assert.False(state.RecordExists);
        Assert.NotEqual(writtenETag, state.ETag);
        var read = await ReadAsync(grain);
        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
    }

    [Fact]
    public async Task Write_after_clear_succeeds_and_reads_back()
    {
        var grain = NewGrainId();
        var state = NewState("before", 1);
        await Storage.WriteStateAsync(StateName, grain, state);
        await Storage.ClearStateAsync(StateName, grain, state);

        state.State = new ConformanceState("after", 2, string.Empty);
        await Storage.WriteStateAsync(StateName, grain, state);

        Assert.True(state.RecordExists);
        var read = await ReadAsync(grain);
        Assert.Equal(state.ETag, read.ETag);
        Assert.Equal("after", read.State!.Name);
    }

    [Fact]
    public async Task A_new_activation_can_create_state_after_it_was_cleared()
    {
        var grain = NewGrainId();
        var state = NewState("before", 1);
        await Storage.WriteStateAsync(StateName, grain, state);
        await Storage.ClearStateAsync(StateName, grain, state);

        var fresh = await ReadAsync(grain);
        fresh.State = new ConformanceState("recreated", 1, string.Empty);
        await Storage.WriteStateAsync(StateName, grain, fresh);

        Assert.Equal("recreated", (await ReadAsync(grain)).State!.Name);
    }

    [Fact]
    public async Task Clear_with_a_stale_etag_is_rejected_and_keeps_the_record()
    {
        var grain = NewGrainId();
        var state = NewState("kept", 1);
        await Storage.WriteStateAsync(StateName, grain, state);
        var stale = new GrainState<ConformanceState> { State = state.State, ETag = state.ETag };
        await Storage.WriteStateAsync(StateName, grain, state);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync(StateName, grain, stale));
        Assert.True((await ReadAsync(grain)).RecordExists);
    }

    [Fact]
    public async Task Clearing_a_grain_never_written_does_nothing()
    {
        var grain = NewGrainId();
        var state = new GrainState<ConformanceState> { State = new ConformanceState() };

        await Storage.ClearStateAsync(StateName, grain, state);

        Assert.False(state.RecordExists);
        Assert.False((await ReadAsync(grain)).RecordExists);
    }

    [Fact]
    public async Task State_names_of_one_grain_are_independent()
    {
        var grain = NewGrainId();
        var profile = NewState("profile", 1);
        var review = NewState("review", 7);
        await Storage.WriteStateAsync("profile", grain, profile);
        await Storage.WriteStateAsync("review", grain, review);

        await Storage.ClearStateAsync("review", grain, review);

        Assert.Equal(profile.State, (await ReadAsync(grain, "profile")).State);
        Assert.False((await ReadAsync(grain, "review")).RecordExists);
    }

    [Fact]
    public async Task Grains_of_different_types_with_the_same_key_are_independent()
    {
        var key = $"tenant-{Guid.NewGuid():N}/owner/model";
        var model = GrainId.Create("model", key);
        var review = GrainId.Create("review", key);
        await Storage.WriteStateAsync(StateName, model, NewState("model", 1));

        Assert.False((await ReadAsync(review)).RecordExists);
        await Storage.WriteStateAsync(StateName, review, NewState("review", 1));
        Assert.Equal("model", (await ReadAsync(model)).State!.Name);
    }

    [Fact]
    public async Task Parallel_writes_of_a_hundred_grains_all_land_with_new_etags()
    {
        var grains = Enumerable.Range(0, 100).Select(i => (Id: NewGrainId($"parallel-{i}"), State: NewState($"grain {i}", 0))).ToList();

        for (var round = 1; round <= 3; round++)
        {
            await Parallel.ForEachAsync(grains, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (grain, _) =>
            {
                var before = grain.State.ETag;
                grain.State.State = grain.State.State! with { Version = grain.State.State!.Version + 1 };
                await Storage.WriteStateAsync(StateName, grain.Id, grain.State);
                Assert.NotEqual(before, grain.State.ETag);
            });
        }

        var reads = await Task.WhenAll(grains.Select(grain => ReadAsync(grain.Id)));
        for (var i = 0; i < grains.Count; i++)
        {
            Assert.Equal(grains[i].State.ETag, reads[i].ETag);
            Assert.Equal(new ConformanceState($"grain {i}", 3, string.Empty), reads[i].State);
        }
    }

    [Theory]
    [InlineData("tenant/owner/näme-🦙")]
    [InlineData("арендатор/владелец/модель")]
    [InlineData("租户/所有者/模型-7B")]
    [InlineData("tenant/owner/a?b#c\\d")]
    [InlineData("tenant/owner/100% sure__under_scores")]
    [InlineData("tenant")]
    public async Task Keys_with_slashes_and_non_ascii_characters_round_trip(string key)
    {
        var grain = GrainId.Create(s_grainType, $"{key}-{Guid.NewGuid():N}");
        var state = NewState(key, 1);

        await Storage.WriteStateAsync(StateName, grain, state);
        var read = await ReadAsync(grain);

        Assert.Equal(state.ETag, read.ETag);
        Assert.Equal(key, read.State!.Name);
    }

    [Fact]
    public async Task Keys_that_differ_only_in_characters_a_store_must_escape_stay_apart()
    {
        var suffix = Guid.NewGuid().ToString("N");
        var keys = new[] { "t/a?b", "t/a#b", "t/a\\b", "t/a/b", "t/a%3Fb", "t/a~3Fb", "t/a~2Fb", "t/a%2Fb", "t/a_b", "t/a__b" }.Select(key => $"{suffix}{key}").ToList();

        foreach (var key in keys)
        {
            await Storage.WriteStateAsync(StateName, GrainId.Create(s_grainType, key), NewState(key, 1));
        }

        foreach (var key in keys)
        {
            Assert.Equal(key, (await ReadAsync(GrainId.Create(s_grainType, key))).State!.Name);
        }
    }

    [Fact]
    public async Task Integer_and_guid_keyed_grains_round_trip()
    {
        var byInteger = GrainId.Create(s_grainType, GrainIdKeyExtensions.CreateIntegerKey(Random.Shared.NextInt64()));
        var byGuid = GrainId.Create(s_grainType, GrainIdKeyExtensions.CreateGuidKey(Guid.NewGuid()));

        await Storage.WriteStateAsync(StateName, byInteger, NewState("integer", 1));
        await Storage.WriteStateAsync(StateName, byGuid, NewState("guid", 1));

        Assert.Equal("integer", (await ReadAsync(byInteger)).State!.Name);
        Assert.Equal("guid", (await ReadAsync(byGuid)).State!.Name);
    }

    [Fact]
    public async Task A_one_megabyte_state_round_trips()
    {
        var grain = NewGrainId();
        var notes = string.Create(1 << 20, 0, static (chars, _) =>
        {
            const string alphabet = "abcdefghijklmnopqrstuvwxyzäöü0123456789 ";
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = alphabet[(int)(((long)i * 7919 + i / 13) % alphabet.Length)];
            }
        });
        var state = new GrainState<ConformanceState> { State = new ConformanceState("large", 1, notes) };

        await Storage.WriteStateAsync(StateName, grain, state);
        var read = await ReadAsync(grain);

        Assert.Equal(state.ETag, read.ETag);
        Assert.Equal(notes.Length, read.State!.Notes.Length);
        Assert.Equal(notes, read.State!.Notes);
    }

    [Fact]
    public async Task State_written_through_a_grain_survives_a_silo_restart()
    {
        var key = $"tenant-{Guid.NewGuid():N}/owner/näme-🦙";
        var saved = new ConformanceState("persisted", 3, "kept across restarts");

        await using (var first = fixture.BuildCluster())
        {
            await first.DeployAsync();
            await first.Client.GetGrain<IConformanceGrain>(key).SaveAsync(saved);
            await first.StopAllSilosAsync();
        }

        await using var second = fixture.BuildCluster();
        await second.DeployAsync();
        Assert.Equal(saved, await second.Client.GetGrain<IConformanceGrain>(key).GetAsync());
    }

    private static GrainId NewGrainId(string name = "model") => GrainId.Create(s_grainType, $"tenant-{Guid.NewGuid():N}/owner/{name}");

    private static GrainState<ConformanceState> NewState(string name, int version) =>
        new() { State = new ConformanceState(name, version, string.Empty) };

    private async Task<GrainState<ConformanceState>> ReadAsync(GrainId grain, string stateName = StateName)
    {
        var state = new GrainState<ConformanceState> { State = new ConformanceState() };
        await Storage.ReadStateAsync(stateName, grain, state);
        return state;
    }
}
