using System.Collections.Concurrent;

namespace Dara.Cloud.Testing.FakeHub;

/// <summary>The fake Hub's models by id (case-sensitive, as the Hub's URLs are), safe to change while requests are served.</summary>
internal sealed class ModelCatalog
{
    private readonly ConcurrentDictionary<string, FakeHubModel> _models = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _renamedTo = new(StringComparer.Ordinal);
    private readonly Lock _commitLock = new();
    private DateTimeOffset _lastCommit = DateTimeOffset.MinValue;

    public IReadOnlyCollection<FakeHubModel> Models => _models.Values.ToList();

    public FakeHubModel? Find(string id) => _models.GetValueOrDefault(id);

    /// <summary>Adds models as they are (real data keeps its own dates); a model with the same id is merged file by file.</summary>
    public void AddExisting(IEnumerable<FakeHubModel> models)
    {
        foreach (var model in models)
        {
            _models.AddOrUpdate(model.Id, model, (_, existing) => Merge(existing, model));
        }
    }

    /// <summary>Creates a model, or replaces all files of an existing one in a new commit.</summary>
    public FakeHubModel Commit(string id, IEnumerable<FakeHubFile> files)
    {
        lock (_commitLock)
        {
            var now = NextCommitTime();
            var model = _models.TryGetValue(id, out var existing)
                ? existing.WithFiles(files, now)
                : new FakeHubModel(id, files, now, now, version: 1);
            _models[id] = model;
            return model;
        }
    }

    /// <summary>Adds or replaces some files of an existing model in a new commit.</summary>
    public FakeHubModel CommitFiles(string id, IEnumerable<FakeHubFile> changed)
    {
        lock (_commitLock)
        {
            var existing = Find(id) ?? throw new InvalidOperationException($"The fake Hub has no model {id}.");
            var changedList = changed.ToList();
            var paths = changedList.Select(file => file.Path).ToHashSet(StringComparer.Ordinal);
            var model = existing.WithFiles(existing.Files.Where(file => !paths.Contains(file.Path)).Concat(changedList), NextCommitTime());
            _models[id] = model;
            return model;
        }
    }

    public bool Remove(string id) => _models.TryRemove(id, out _);

    /// <summary>Moves a model to a new id; the old id (and any id that led to it) then leads to the new one.</summary>
    public FakeHubModel Rename(string id, string newId)
    {
        lock (_commitLock)
        {
            var existing = Find(id) ?? throw new InvalidOperationException($"The fake Hub has no model {id}.");
            var renamed = new FakeHubModel(newId, existing.Files, existing.CreatedAt, existing.LastModified, existing.Version);
            _models[newId] = renamed;
            _models.TryRemove(id, out _);
            foreach (var (from, to) in _renamedTo)
            {
                if (to == id)
                {
                    _renamedTo[from] = newId;
                }
            }

            _renamedTo[id] = newId;
            return renamed;
        }
    }

    /// <summary>The id a renamed model has now, or null.</summary>
    public string? RenamedTo(string id) => _renamedTo.GetValueOrDefault(id) is { } to && Find(to) is not null ? to : null;

    private static FakeHubModel Merge(FakeHubModel existing, FakeHubModel added)
    {
        var paths = added.Files.Select(file => file.Path).ToHashSet(StringComparer.Ordinal);
        var files = existing.Files.Where(file => !paths.Contains(file.Path)).Concat(added.Files);
        var lastModified = existing.LastModified > added.LastModified ? existing.LastModified : added.LastModified;
        return new FakeHubModel(existing.Id, files, existing.CreatedAt, lastModified, existing.Version);
    }

    /// <summary>Commit times strictly increase, so "newest first" is well defined even for commits in the same tick.</summary>
    private DateTimeOffset NextCommitTime()
    {
        var utc = DateTimeOffset.UtcNow;
        var now = utc.AddTicks(-(utc.Ticks % TimeSpan.TicksPerMillisecond));
        _lastCommit = now > _lastCommit ? now : _lastCommit.AddMilliseconds(1);
        return _lastCommit;
    }
}
