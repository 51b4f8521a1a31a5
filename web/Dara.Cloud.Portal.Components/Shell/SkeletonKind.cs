namespace Dara.Cloud.Portal.Components.Shell;

/// <summary>The shape of content a <see cref="LoadingSkeleton"/> stands in for.</summary>
public enum SkeletonKind
{
    Text,
    Card,
    Chart,
    List,
    Table,
}
